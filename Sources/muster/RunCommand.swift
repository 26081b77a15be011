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
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a one-off command with the stack's environment (.env, and a service's PORT and peers).",
        discussion: """
            The command replaces Muster (exec), so its exit code, signals and terminal are its own.

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

    func run() throws {
        guard !command.isEmpty else {
            throw ValidationError("Give the command after --, e.g. muster run -- env")
        }
        let environment: [String: String]
        do {
            environment = try OneOffEnvironment.resolve(request: files.request, service: service)
        } catch {
            throw failWithConfigError(error)
        }
        let failure = OneOffEnvironment.exec(command, environment: environment)
        printError("muster: \(failure)")
        throw ExitCode(failure.errorNumber == ENOENT ? 127 : 126)
    }
}
