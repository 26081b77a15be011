import ArgumentParser
import MusterCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `muster status` (alias `ps`): the state of every instance of the running stack.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the state, pid, uptime, restarts, port and health of every running service.",
        discussion: """
            Asks the stack running for this project (the directory of muster.yaml, the Procfile, \
            or -f FILE) and prints one row per instance. A REASON column appears when an instance \
            has failed, is blocked or is unhealthy. Exits 1 when no stack is running.

            Examples:
              muster status
              muster ps
              muster status --json
              muster status -f ~/code/shop/muster.yaml
            """,
        aliases: ["ps"])

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Print the status document as JSON (sorted keys) instead of a table.")
    var json = false

    func run() async throws {
        let connection = try await ControlConnection.connect(project)
        let status: StackStatus
        do {
            status = try await connection.client.status()
        } catch {
            throw connection.fail(error)
        }
        if json {
            print(try StatusTable.json(status), terminator: "")
        } else {
            let now = Date().timeIntervalSince1970
            print(StatusTable.render(status, now: now, color: ControlConnection.useColor()), terminator: "")
        }
    }
}
