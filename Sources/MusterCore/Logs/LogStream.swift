import NIOCore

/// A reading in progress; `drained()` returns when EOF was reached and every line was written.
package struct LogStream: Sendable {
    /// The display name the stream's lines are printed under.
    package let displayName: String
    let closeFuture: EventLoopFuture<Void>

    /// Waits until the pipe reached EOF (or the stream was shut down) and every line was written.
    package func drained() async {
        try? await self.closeFuture.get()
    }
}
