import NIOCore

/// The body of a streaming control API answer (`/v1/logs?follow=true`, `/v1/events`), framed
/// into values as it arrives. Dropping it closes the connection.
public struct ControlStream<Element: Sendable>: AsyncSequence, Sendable {
    /// The first bytes, read before the request returned (the server sends them once subscribed).
    let firstBytes: ByteBuffer?
    /// The rest of the body.
    let chunks: AsyncThrowingStream<ByteBuffer, any Error>
    /// How bytes become values.
    let framer: ControlBodyFramer<Element>

    /// Reads values until the answer ends; throws a ``ControlError`` when it breaks off.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var firstBytes: ByteBuffer?
        var chunks: AsyncThrowingStream<ByteBuffer, any Error>.Iterator
        var framer: ControlBodyFramer<Element>
        var pending: [Element] = []
        var finished = false

        /// The next value, or nil at the end of the answer.
        public mutating func next() async throws -> Element? {
            while true {
                if !pending.isEmpty { return pending.removeFirst() }
                if finished { return nil }
                if let first = firstBytes {
                    firstBytes = nil
                    pending = try framer.feed(first)
                    continue
                }
                let chunk: ByteBuffer?
                do {
                    chunk = try await chunks.next()
                } catch {
                    throw ControlClient.controlError(error, whileReading: true)
                }
                if let chunk {
                    pending = try framer.feed(chunk)
                } else {
                    finished = true
                    pending = try framer.finish()
                }
            }
        }
    }

    /// Starts reading.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(firstBytes: firstBytes, chunks: chunks.makeAsyncIterator(), framer: framer)
    }
}
