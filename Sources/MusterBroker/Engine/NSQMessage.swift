import NIOCore

/// One message as stored by a channel and delivered in a message frame (`shared/protocols.md` §1.6).
public struct NSQMessage: Sendable, Equatable {
    /// The id, unique within the topic.
    public var id: MessageID
    /// Nanoseconds since the Unix epoch at publish time.
    public var timestamp: Int64
    /// The message body.
    public var body: ByteBuffer
    /// How many times the message has been sent to a client (first delivery = 1).
    public var attempts: UInt16

    /// Creates a message.
    public init(id: MessageID, timestamp: Int64, body: ByteBuffer, attempts: UInt16 = 0) {
        self.id = id
        self.timestamp = timestamp
        self.body = body
        self.attempts = attempts
    }
}
