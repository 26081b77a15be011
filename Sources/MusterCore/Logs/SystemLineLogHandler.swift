import Logging

/// Routes a library's swift-log messages (the broker's, say) into Muster's own output as
/// `muster | ...` lines: warnings and errors only, so libraries never write to the terminal
/// behind the multiplexer's back.
package struct SystemLineLogHandler: LogHandler {
    private let logs: LogMultiplexer
    /// Messages below this level are dropped.
    package var logLevel: Logger.Level = .warning
    /// Metadata attached to every message (not printed).
    package var metadata: Logger.Metadata = [:]

    /// A handler printing through `logs`.
    package init(logs: LogMultiplexer) { self.logs = logs }

    /// A logger labelled `label` printing through `logs`.
    package static func logger(label: String, logs: LogMultiplexer) -> Logger {
        Logger(label: label) { _ in SystemLineLogHandler(logs: logs) }
    }

    /// Prints one message.
    package func log(event: LogEvent) {
        logs.system("\(event.message)", level: event.level >= .error ? .error : .info)
    }

    /// Metadata by key.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
