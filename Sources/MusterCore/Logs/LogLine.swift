#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One line kept in a service's ring buffer.
package struct LogLine: Sendable, Equatable {
    /// The name the line was printed under, e.g. "web.1" or "muster".
    package var displayName: String
    /// The line's text without its line ending, decoded as UTF-8 with invalid bytes replaced.
    package var text: String
    /// The wall-clock time the line was read.
    package var time: Date

    /// A line as printed by `displayName` at `time`.
    package init(displayName: String, text: String, time: Date) {
        self.displayName = displayName
        self.text = text
        self.time = time
    }
}
