import NIOCore

/// A server→client NSQ frame (`shared/protocols.md` §1.2): `[int32 size][int32 type][data]`.
public enum NSQFrame: Sendable, Equatable {
    /// Frame type 0: `OK`, `CLOSE_WAIT`, `_heartbeat_` or JSON.
    case response(ByteBuffer)
    /// Frame type 1: `"<code> <description>"`.
    case error(String)
    /// Frame type 2: one delivered message.
    case message(NSQMessage)

    /// The frame type number on the wire.
    public var typeNumber: Int32 {
        switch self {
        case .response: 0
        case .error: 1
        case .message: 2
        }
    }

    /// Appends the encoded frame to `buffer`.
    public func write(into buffer: inout ByteBuffer) {
        switch self {
        case .response(let data):
            buffer.writeInteger(Int32(4 + data.readableBytes))
            buffer.writeInteger(Int32(0))
            buffer.writeImmutableBuffer(data)
        case .error(let text):
            buffer.writeInteger(Int32(4 + text.utf8.count))
            buffer.writeInteger(Int32(1))
            buffer.writeString(text)
        case .message(let message):
            Self.writeMessage(message, into: &buffer)
        }
    }

    /// Appends a message frame for `message` to `buffer`.
    public static func writeMessage(_ message: NSQMessage, into buffer: inout ByteBuffer) {
        buffer.writeInteger(Int32(4 + 26 + message.body.readableBytes))
        buffer.writeInteger(Int32(2))
        buffer.writeInteger(message.timestamp)
        buffer.writeInteger(message.attempts)
        message.id.write(into: &buffer)
        buffer.writeImmutableBuffer(message.body)
    }

    /// Appends a response frame with ASCII `text` to `buffer`.
    public static func writeResponse(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(Int32(4 + text.utf8.count))
        buffer.writeInteger(Int32(0))
        buffer.writeString(text)
    }
}

/// Encodes ``NSQFrame`` values for a channel pipeline.
public struct NSQFrameEncoder: MessageToByteEncoder {
    /// The frame type accepted.
    public typealias OutboundIn = NSQFrame

    /// Creates an encoder.
    public init() {}

    /// Encodes one frame.
    public func encode(data: NSQFrame, out: inout ByteBuffer) throws {
        data.write(into: &out)
    }
}
