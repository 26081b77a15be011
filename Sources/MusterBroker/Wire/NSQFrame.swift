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
        let bodyLength = message.body.readableBytes
        buffer.reserveCapacity(minimumWritableBytes: messageHeaderLength + bodyLength)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: messageHeaderLength) { out in
            out.storeBytes(of: UInt32(4 + 26 + bodyLength).bigEndian, as: UInt32.self)
            out.storeBytes(of: UInt32(2).bigEndian, toByteOffset: 4, as: UInt32.self)
            out.storeBytes(of: message.timestamp.bigEndian, toByteOffset: 8, as: Int64.self)
            out.storeBytes(of: message.attempts.bigEndian, toByteOffset: 16, as: UInt16.self)
            message.id.store(into: out, atByteOffset: 18)
            return messageHeaderLength
        }
        buffer.writeImmutableBuffer(message.body)
    }

    /// The bytes of a message frame before the body: size, type, timestamp, attempts and id.
    static let messageHeaderLength = 4 + 4 + 8 + 2 + 16

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
