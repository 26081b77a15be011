import NIOCore

/// Where the engine sends messages for one subscribed connection.
///
/// `deliver` is called outside the engine's lock, once per batch, from any thread; the
/// implementation hops to its connection's event loop (at most once per batch).
public protocol NSQConsumerSink: AnyObject, Sendable {
    /// Writes the given messages (already counted as in flight) to the consumer.
    func deliver(_ messages: [NSQMessage])

    /// Closes the consumer's connection, as nsqd does when its channel or topic is deleted.
    func closeConnection()
}

extension NSQConsumerSink {
    /// Does nothing: a sink without a connection has nothing to close.
    public func closeConnection() {}
}

/// Identifies one consumer connection inside the engine.
public struct ConsumerID: Hashable, Sendable {
    /// The unique number of the connection.
    public var rawValue: UInt64

    /// Creates an id.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
}

/// A sink that takes its messages as encoded message frames, written by the engine under its lock
/// (so no message is copied or retained for the hand-over).
protocol NSQFrameSink: NSQConsumerSink {
    /// Writes message frames (already counted as in flight) to the consumer.
    func deliver(frames: ByteBuffer)
}

/// A batch of messages for one consumer (or the closing of its connection), produced under the engine lock and performed after it.
enum Delivery: Sendable {
    case messages(any NSQConsumerSink, [NSQMessage])
    case frames(any NSQFrameSink, ByteBuffer)
    /// The consumer's channel was deleted: close its connection.
    case close(any NSQConsumerSink)

    func perform() {
        switch self {
        case .messages(let sink, let messages): sink.deliver(messages)
        case .frames(let sink, let frames): sink.deliver(frames: frames)
        case .close(let sink): sink.closeConnection()
        }
    }
}
