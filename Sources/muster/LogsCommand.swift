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
        var printer = LogEntryPrinter(
            prefix: !noPrefix, timestamps: !noTimestamps, color: ControlConnection.useColor(noColorFlag: noColor),
            flushEachLine: follow)
        do {
            printer.widen(to: try await connection.client.status().instances.map(\.displayName))
            let entries = try await connection.client.logs(services: services, tail: tail, follow: follow)
            for try await entry in entries {
                printer.print(entry)
            }
            printer.flush()
        } catch let error as ControlError {
            printer.flush()
            throw connection.fail(error)
        } catch {
            printer.flush()
            // A follow that ends because the stack stopped is the normal end, not a failure.
            if follow, await stackStopped(connection) { return }
            throw connection.fail(streamError: error)
        }
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

/// Formats log entries as `15:04:05 web.1 | text`, names padded to the widest seen.
struct LogEntryPrinter {
    let prefix: Bool
    let timestamps: Bool
    let color: Bool
    let flushEachLine: Bool
    private var width = 0
    private let depth = ColorDepth.detect(environment: ProcessInfo.processInfo.environment)

    init(prefix: Bool, timestamps: Bool, color: Bool, flushEachLine: Bool) {
        self.prefix = prefix
        self.timestamps = timestamps
        self.color = color
        self.flushEachLine = flushEachLine
    }

    /// Pads names to at least the widest of `names`.
    mutating func widen(to names: [String]) {
        width = max(width, names.map(\.count).max() ?? 0)
    }

    /// Prints one entry on one line.
    mutating func print(_ entry: LogEntry) {
        guard prefix else { return write(entry.text) }
        widen(to: [entry.instance])
        var line = timestamps ? Self.localTime(entry.time) + " " : ""
        let padded = entry.instance + String(repeating: " ", count: width - entry.instance.count) + " |"
        line += color ? escape(forService: entry.service) + padded + "\u{1B}[0m" : padded
        write(line + " " + entry.text)
    }

    /// Writes what standard output still buffers.
    func flush() {
        fflush(nil)
    }

    private func write(_ line: String) {
        Swift.print(line)
        if flushEachLine { flush() }
    }

    /// `HH:MM:SS` in local time.
    static func localTime(_ secondsSince1970: Double) -> String {
        var time = time_t(secondsSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&time, &parts)
        func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec))"
    }

    /// The service's colour, the one `muster start` gives it; Muster's own lines are bold.
    private func escape(forService service: String) -> String {
        service == "muster" ? ColorPalette.muster : ColorPalette(depth: depth).escape(forService: service)
    }
}
