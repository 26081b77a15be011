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

/// `muster logs`: what the services of the running stack printed.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the kept output of the running stack's services, and follow it with -f.",
        discussion: """
            Prints the lines Muster keeps for each service (the last 1000 per service), as \
            "15:04:05 web.1 | text", oldest first. With -f, keeps printing new lines until you \
            press Ctrl-C or the stack stops. SERVICE is a service name or an instance (web.2); \
            none means every service. Here -f means follow (as in tail -f); name the project's \
            stack file with --file FILE.

            Examples:
              muster logs
              muster logs worker -n 20
              muster logs web api -f
              muster logs worker --no-prefix | grep ERROR
              muster logs -f --file ~/code/shop/muster.yaml
            """)

    @Option(
        name: .customLong("file"),
        help:
            "The stack file or Procfile of the running stack (default: ./muster.yaml, then ./Procfile; or $MUSTER_FILE)."
    )
    var file: String?

    @Flag(
        name: [.customShort("f"), .customLong("follow")],
        help: "Keep printing new lines until Ctrl-C or the stack stops.")
    var follow = false

    @Option(name: [.customShort("n"), .customLong("tail")], help: "Only the last N lines (default: every kept line).")
    var tail: Int?

    @Flag(name: .customLong("no-prefix"), help: "Print only each line's text, without time and name.")
    var noPrefix = false

    @Flag(name: .customLong("no-color"), help: "Never colour the names.")
    var noColor = false

    @Flag(name: .customLong("no-timestamps"), help: "Leave the time out of each line.")
    var noTimestamps = false

    @Argument(help: "Services or instances to show (default: all).")
    var services: [String] = []

    func validate() throws {
        if let tail, tail < 0 { throw ValidationError("-n \(tail) is negative; pass a number of lines such as 20") }
    }

    func run() async throws {
        let connection = try await ControlConnection.connect(file: file)
        let options = LogOptions(
            useColor: ControlConnection.useColor(noColorFlag: noColor), showTimestamps: !noTimestamps)
        do {
            let names = try await connection.client.status().instances.map(\.displayName)
            var formatter = LogEntryFormatter(options: options, showPrefix: !noPrefix, names: names)
            let entries = try await connection.client.logs(services: services, tail: tail, follow: follow)
            for try await entry in entries {
                write(formatter.line(for: entry))
            }
            fflush(nil)
        } catch let error as ControlError {
            fflush(nil)
            throw connection.fail(error)
        } catch {
            fflush(nil)
            // A follow that ends because the stack stopped is the normal end, not a failure.
            if follow, await stackStopped(connection) { return }
            throw connection.fail(streamError: error)
        }
    }

    /// Writes one formatted line to standard output, flushing it at once when following.
    private func write(_ line: [UInt8]) {
        print(String(decoding: line, as: UTF8.self), terminator: "")
        if follow { fflush(nil) }
    }

    /// Whether the project's stack no longer answers.
    private func stackStopped(_ connection: ControlConnection) async -> Bool {
        do {
            _ = try await ControlClient.connect(projectDirectory: connection.directory)
            return false
        } catch {
            return error.status == 503
        }
    }
}
