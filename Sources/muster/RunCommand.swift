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

/// `muster run`: a one-off command with the stack's environment.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a one-off command with the stack's environment (.env, and a service's PORT and peers).",
        discussion: """
            The command replaces Muster (exec), so its exit code, signals and terminal are its own. \
            When the stack is running, the command also gets what its services get at run time: \
            MUSTER_API and the embedded broker's and registry's addresses.

            Examples:
              muster run -- env
              muster run web -- python manage.py migrate
              muster run -e .env.test -- pytest
            """)

    @OptionGroup var files: FileOptions

    @Argument(help: "A service whose environment (PORT, PS, peers) the command gets.")
    var service: String?

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func run() async throws {
        guard !command.isEmpty else {
            throw ValidationError("Give the command after --, e.g. muster run -- env")
        }
        var environment: [String: String]
        do {
            environment = try OneOffEnvironment.resolve(request: files.request, service: service)
        } catch {
            throw failWithConfigError(error)
        }
        let directory = try ControlConnection.projectDirectory(file: files.file)
        if let shared = try await ControlConnection.runningStackEnvironment(directory: directory) {
            environment.merge(shared) { $1 }
        }
        let failure = OneOffEnvironment.exec(command, environment: environment)
        printError("muster: \(failure)")
        throw ExitCode(failure.errorNumber == ENOENT ? 127 : 126)
    }
}
