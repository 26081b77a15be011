import Logging
import NIOCore

/// Splits a DNS-over-TCP stream into messages (RFC 1035 §4.2.2: each preceded by its 2-byte
/// length). A frame too short to hold a header is garbage: the error closes the connection.
struct DNSStreamFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) else { return .needMoreData }
        guard length >= 12 else { throw DNSStreamError.frameTooShort(length: Int(length)) }
        guard let message = buffer.getSlice(at: buffer.readerIndex + 2, length: Int(length)) else {
            return .needMoreData
        }
        buffer.moveReaderIndex(forwardBy: 2 + Int(length))
        context.fireChannelRead(wrapInboundOut(message))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Why a DNS-over-TCP connection was closed.
enum DNSStreamError: Error, CustomStringConvertible {
    /// A length prefix announced fewer bytes than a DNS header.
    case frameTooShort(length: Int)

    var description: String {
        switch self {
        case .frameTooShort(let length):
            "A DNS-over-TCP client announced a \(length)-byte message, shorter than a DNS header; the connection was closed."
        }
    }
}

/// Closes a TCP connection on which nothing arrived for the idle timeout.
final class DNSIdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// Keeps the UDP listener alive across errors of single datagrams (such as an ICMP error for a
/// peer that went away), which would otherwise end its inbound stream.
final class DNSDatagramErrorFilter: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias InboundOut = AddressedEnvelope<ByteBuffer>
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("The DNS responder ignored a UDP error: \(error)")
    }
}
