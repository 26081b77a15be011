import NIOCore

/// Decodes server→client frames; used by tests and clients of the broker.
public struct NSQFrameDecoder: ByteToMessageDecoder {
    /// The decoded frame type.
    public typealias InboundOut = NSQFrame

    /// Creates a decoder.
    public init() {}

    /// Decodes one frame when complete.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.decodeFrame(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    /// Reads one complete frame from `buffer`, or returns `nil` and consumes nothing.
    public static func decodeFrame(_ buffer: inout ByteBuffer) throws -> NSQFrame? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard size >= 4 else { throw NSQProtocolError("E_BAD_FRAME", "frame size \(size) is too small") }
        guard let type = buffer.getInteger(at: buffer.readerIndex + 4, as: Int32.self),
            var data = buffer.getSlice(at: buffer.readerIndex + 8, length: Int(size) - 4)
        else { return nil }
        buffer.moveReaderIndex(forwardBy: 4 + Int(size))
        switch type {
        case 0: return .response(data)
        case 1: return .error(String(buffer: data))
        case 2:
            guard let timestamp = data.readInteger(as: Int64.self),
                let attempts = data.readInteger(as: UInt16.self),
                let idBytes = data.readSlice(length: 16), let id = MessageID(hex: idBytes)
            else { throw NSQProtocolError("E_BAD_FRAME", "message frame is malformed") }
            return .message(NSQMessage(id: id, timestamp: timestamp, body: data, attempts: attempts))
        default:
            throw NSQProtocolError("E_BAD_FRAME", "unknown frame type \(type)")
        }
    }
}
