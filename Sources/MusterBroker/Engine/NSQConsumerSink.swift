import NIOCore

/// Where the engine sends messages for one subscribed connection.
///
/// `deliver` is called outside the engine's lock, once per batch, from any thread; the
/// implementation hops to its connection's event loop (at most once per batch).
public protocol NSQConsumerSink: AnyObject, Sendable {
    /// Writes the given messages (already counted as in flight) to the consumer.
    func deliver(_ messages: [NSQMessage])
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

/// A batch of messages for one consumer, produced under the engine lock and performed after it.
enum Delivery: Sendable {
    case messages(any NSQConsumerSink, [NSQMessage])
    case frames(any NSQFrameSink, ByteBuffer)

    func perform() {
        switch self {
        case .messages(let sink, let messages): sink.deliver(messages)
        case .frames(let sink, let frames): sink.deliver(frames: frames)
        }
    }
}
