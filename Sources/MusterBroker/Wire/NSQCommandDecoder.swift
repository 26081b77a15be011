import NIOCore

/// Decodes client→server NSQ traffic: the `  V2` magic, then command lines with their bodies.
///
/// Every length is checked against ``NSQLimits`` before any body is buffered; a violation
/// throws an ``NSQProtocolError`` (the connection answers with an error frame and closes).
public struct NSQCommandDecoder: ByteToMessageDecoder {
    /// The decoded command type.
    public typealias InboundOut = NSQCommand

    enum State {
        case magic
        case line
        case body(PendingBody)
    }

    enum PendingBody: Equatable {
        case identify
        case auth
        case publish(topic: String)
        case deferredPublish(topic: String, deferMilliseconds: Int64)
        case multiPublish(topic: String)

        var commandName: String {
            switch self {
            case .identify: "IDENTIFY"
            case .auth: "AUTH"
            case .publish: "PUB"
            case .deferredPublish: "DPUB"
            case .multiPublish: "MPUB"
            }
        }
    }

    private var state: State = .magic
    let limits: NSQLimits

    /// Whether the next bytes start a command line (not the magic, not a body).
    var isAtCommandLine: Bool {
        if case .line = state { return true }
        return false
    }

    /// Creates a decoder that enforces `limits`; `expectingMagic: false` starts at the first command line.
    public init(limits: NSQLimits = NSQLimits(), expectingMagic: Bool = true) {
        self.limits = limits
        self.state = expectingMagic ? .magic : .line
    }

    /// Decodes as much as `buffer` holds.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        switch try decodeNext(&buffer) {
        case .none: return .needMoreData
        case .some(.none): return .continue
        case .some(.some(let command)):
            context.fireChannelRead(Self.wrapInboundOut(command))
            return .continue
        }
    }

    /// Decodes the rest at end of input; leftovers are ignored because the peer has gone.
    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// Decodes one step without a channel: `nil` means more data is needed, `.some(nil)` means
    /// progress without a command (magic or a command line awaiting its body).
    public mutating func decodeNext(_ buffer: inout ByteBuffer) throws -> NSQCommand?? {
        switch state {
        case .magic:
            guard let magic = buffer.getSlice(at: buffer.readerIndex, length: 4) else { return nil }
            guard magic.readableBytesView.elementsEqual("  V2".utf8) else {
                throw NSQProtocolError("E_BAD_PROTOCOL", "unsupported protocol version")
            }
            buffer.moveReaderIndex(forwardBy: 4)
            state = .line
            return .some(nil)
        case .line:
            guard let line = try readLine(&buffer) else { return nil }
            switch try NSQCommandLine.parse(line, limits: limits) {
            case .complete(let command):
                return .some(command)
            case .needsBody(let pending):
                state = .body(pending)
                return .some(nil)
            }
        case .body(let pending):
            guard let command = try readBody(pending, from: &buffer) else { return nil }
            state = .line
            return .some(command)
        }
    }

    private func readLine(_ buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > limits.maxCommandLineLength { throw tooLong() }
            return nil
        }
        let length = newline - view.startIndex
        if length > limits.maxCommandLineLength { throw tooLong() }
        guard var line = buffer.readSlice(length: length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        return line
    }

    private func tooLong() -> NSQProtocolError {
        .invalid("command line longer than \(limits.maxCommandLineLength) bytes")
    }

    private func readBody(_ pending: PendingBody, from buffer: inout ByteBuffer) throws -> NSQCommand? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        try NSQBodyRules.check(length: Int(length), for: pending, limits: limits)
        guard let body = buffer.getSlice(at: buffer.readerIndex + 4, length: Int(length)) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4 + Int(length))
        switch pending {
        case .identify: return .identify(body: body)
        case .auth: return .auth(secret: body)
        case .publish(let topic): return .publish(topic: topic, body: body)
        case .deferredPublish(let topic, let delay):
            return .deferredPublish(topic: topic, deferMilliseconds: delay, body: body)
        case .multiPublish(let topic):
            return .multiPublish(topic: topic, bodies: try NSQBodyRules.splitMultiPublish(body, limits: limits))
        }
    }
}
