#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One line kept in a service's ring buffer.
public struct LogLine: Sendable, Equatable {
    /// The name the line was printed under, e.g. "web.1" or "muster".
    public var displayName: String
    /// The line's text without its line ending, decoded as UTF-8 with invalid bytes replaced.
    public var text: String
    /// The wall-clock time the line was read.
    public var time: Date

    /// A line as printed by `displayName` at `time`.
    public init(displayName: String, text: String, time: Date) {
        self.displayName = displayName
        self.text = text
        self.time = time
    }
}
