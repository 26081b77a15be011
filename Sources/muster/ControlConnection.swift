import ArgumentParser
import MusterCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `-f` for the commands that talk to a running stack: it only picks the project.
struct ProjectOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help:
            "The stack file or Procfile of the running stack (default: ./muster.yaml, then ./Procfile; or $MUSTER_FILE)."
    )
    var file: String?
}

/// Finds the running stack of a project and reports what goes wrong talking to it.
struct ControlConnection {
    /// The project's absolute directory (the control socket is keyed by it).
    let directory: String
    /// The client connected to the project's running stack.
    let client: ControlClient

    /// Connects to the stack of the project `options` name; prints a sentence and throws exit code 1
    /// when no stack is running there or the file named with `-f` does not exist.
    static func connect(_ options: ProjectOptions) async throws(ExitCode) -> ControlConnection {
        try await connect(file: options.file)
    }

    /// Connects to the stack of the project whose stack file is `file` (nil: look for it as
    /// `muster start` does); prints a sentence and throws exit code 1 when that fails.
    static func connect(file: String?) async throws(ExitCode) -> ControlConnection {
        let directory = try projectDirectory(file: file)
        do {
            return ControlConnection(
                directory: directory, client: try await ControlClient.connect(projectDirectory: directory))
        } catch {
            throw fail(error, directory: directory)
        }
    }

    /// The directory of the stack file `StackFileLocator` finds (`-f`, `MUSTER_FILE`, then
    /// `muster.yaml`/`muster.yml`/`Procfile` here), or the current directory when there is none.
    static func projectDirectory(file: String?) throws(ExitCode) -> String {
        do {
            return try ProjectLocation.find(file: file, environment: ProcessInfo.processInfo.environment).directory
        } catch {
            throw failWithConfigError(error)
        }
    }

    /// What the stack running for `directory` injects into its services (`MUSTER_API`, the
    /// broker's and registry's addresses), or nil when no stack answers there. When one answers
    /// but cannot tell, this says why and exits 1 rather than fall back to default addresses,
    /// which could be another stack's.
    static func runningStackEnvironment(directory: String) async throws(ExitCode) -> [String: String]? {
        guard let client = try? await ControlClient.connect(projectDirectory: directory) else { return nil }
        do {
            return try await client.sharedEnvironment()
        } catch {
            printError(
                "muster: the stack running for \(directory) did not give its addresses (\(error.message)); try again")
            throw ExitCode(1)
        }
    }

    /// Prints the server's sentence for `error` and returns exit code 1.
    func fail(_ error: ControlError) -> ExitCode {
        printError("muster: \(error.message)")
        return ExitCode(1)
    }

    /// Prints why connecting failed (`no muster is running for DIR ...` when nothing answers) and
    /// returns exit code 1.
    static func fail(_ error: ControlError, directory: String) -> ExitCode {
        printError("muster: \(sentence(for: error, directory: directory))")
        return ExitCode(1)
    }

    /// The sentence for a failed connection: which project has no stack, or the client's own sentence.
    static func sentence(for error: ControlError, directory: String) -> String {
        guard error.status == 503 else { return error.message }
        return "no muster is running for \(directory); start it with muster start (or muster start -d)"
    }

    /// Prints a failure that is not typed (a ControlError, or a lost connection) and returns exit code 1.
    func fail(streamError error: any Error) -> ExitCode {
        if let error = error as? ControlError { return fail(error) }
        printError("muster: lost the connection to the stack running for \(directory): \(error)")
        return ExitCode(1)
    }

    /// Whether colour is on for standard output: a TTY, NO_COLOR unset, no `--no-color`
    /// (FORCE_COLOR turns it on, as for `muster start`).
    static func useColor(noColorFlag: Bool = false) -> Bool {
        LogOptions.colorEnabled(
            noColorFlag: noColorFlag, outputIsTTY: isatty(1) == 1, environment: ProcessInfo.processInfo.environment)
    }
}
