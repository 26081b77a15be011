import ArgumentParser
import MusterCore

/// The `muster` command: parses arguments and hands over to MusterCore.
@main
struct MusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "muster",
        abstract: "Run a whole stack of services with one command.",
        discussion: """
            Reads muster.yaml or a Procfile from the current directory (or -f FILE), starts every \
            service, prints their output as one coloured stream and restarts what crashes.

            Examples:
              muster start                 start every service of ./Procfile
              muster start web worker      start only these services
              muster start -m worker=3     three instances of worker
              muster check                 validate the file without starting anything
              muster config --explain api  every value of api's environment, and where it came from
              muster run -- env            run a one-off command with the stack's environment
            """,
        version: Muster.version,
        subcommands: [
            StartCommand.self, StatusCommand.self, RestartCommand.self, StopCommand.self, StartServiceCommand.self,
            LogsCommand.self, WaitCommand.self, DownCommand.self, TestCommand.self, BrokerCommand.self, PubCommand.self,
            SubCommand.self, RegistryCommand.self, ServicesCommand.self, RunCommand.self,
            CheckCommand.self,
            ConfigCommand.self, VersionCommand.self,
        ]
    )

    /// Runs the command; usage errors exit with code 1 (design §1), not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            printError(fullMessage(for: error))
            exit(withError: ExitCode(1))
        }
    }
}
