import NIOCore
import NIOPosix

/// One V2 connection to an nsqd TCP endpoint, for `muster pub` and `muster sub`: publishes,
/// subscribes, and answers the server's heartbeats while it waits for frames.
public struct NSQClientSession: ~Copyable {
    private var frames: NIOAsyncChannelInboundStream<NSQFrame>.AsyncIterator
    private let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Connects to `host`:`port`, sends the protocol magic, runs `body` with the session, then closes it.
    public static func withSession<Result>(
        host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        _ body: (inout NSQClientSession) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: group)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NSQFrameDecoder()))
                    return try NIOAsyncChannel<NSQFrame, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "  V2"))
            var session = NSQClientSession(frames: inbound.makeAsyncIterator(), writer: outbound)
            return try await body(&session)
        }
    }

    private init(
        frames: NIOAsyncChannelInboundStream<NSQFrame>.AsyncIterator, writer: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.frames = frames
        self.writer = writer
    }

    /// Publishes one message to `topic` (`PUB`) and waits for the server's `OK`.
    public mutating func publish(_ body: ByteBuffer, to topic: String) async throws {
        try await writer.write(Self.command("PUB \(topic)", body: body))
        try await expectOK(after: "PUB")
    }

    /// Publishes `bodies` to `topic` in one `MPUB` and waits for the server's `OK`.
    public mutating func publish(_ bodies: [ByteBuffer], to topic: String) async throws {
        var payload = ByteBuffer()
        payload.writeInteger(Int32(bodies.count))
        for body in bodies {
            payload.writeInteger(Int32(body.readableBytes))
            payload.writeImmutableBuffer(body)
        }
        try await writer.write(Self.command("MPUB \(topic)", body: payload))
        try await expectOK(after: "MPUB")
    }

    /// Subscribes to `topic` on `channel` (`SUB`), waits for `OK`, and allows `ready` messages in flight (`RDY`).
    public mutating func subscribe(to topic: String, channel: String, ready: Int) async throws {
        try await writer.write(ByteBuffer(string: "SUB \(topic) \(channel)\n"))
        try await expectOK(after: "SUB")
        try await writer.write(ByteBuffer(string: "RDY \(ready)\n"))
    }

    /// The next message delivered to this subscriber, or nil when the server closed the connection.
    /// Heartbeats are answered on the way; an error frame is thrown.
    public mutating func nextMessage() async throws -> NSQMessage? {
        while let frame = try await nextFrame() {
            switch frame {
            case .message(let message): return message
            case .error(let text): throw NSQClientError.server(text)
            case .response: continue
            }
        }
        return nil
    }

    /// Marks `message` as handled (`FIN`).
    public func finish(_ message: NSQMessage) async throws {
        try await writer.write(ByteBuffer(string: "FIN \(message.id)\n"))
    }

    /// Asks the server to stop sending (`CLS`); the connection ends once in-flight messages are settled.
    public func startClosing() async throws {
        try await writer.write(ByteBuffer(string: "CLS\n"))
    }

    /// The next frame that is not a heartbeat (answered with `NOP`), or nil at the end of the stream.
    private mutating func nextFrame() async throws -> NSQFrame? {
        while let frame = try await frames.next() {
            if case .response(let data) = frame, data.readableBytesView.elementsEqual("_heartbeat_".utf8) {
                try await writer.write(ByteBuffer(string: "NOP\n"))
                continue
            }
            return frame
        }
        return nil
    }

    /// Waits for the `OK` that answers `command`; throws the server's error or its closing the connection.
    private mutating func expectOK(after command: String) async throws {
        switch try await nextFrame() {
        case .response(let data) where data.readableBytesView.elementsEqual("OK".utf8): return
        case .error(let text): throw NSQClientError.server(text)
        case .none: throw NSQClientError.closed(during: command)
        case .some: throw NSQClientError.unexpected(during: command)
        }
    }

    /// `line` and a size-prefixed body.
    private static func command(_ line: String, body: ByteBuffer) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(line.utf8.count + 5 + body.readableBytes)
        buffer.writeString(line)
        buffer.writeInteger(UInt8(ascii: "\n"))
        buffer.writeInteger(Int32(body.readableBytes))
        buffer.writeImmutableBuffer(body)
        return buffer
    }
}

/// What goes wrong talking to an nsqd.
public enum NSQClientError: Error, CustomStringConvertible {
    /// The server answered with an error frame (e.g. `E_BAD_TOPIC ...`).
    case server(String)
    /// The server closed the connection before answering.
    case closed(during: String)
    /// The server answered with a frame that does not belong there.
    case unexpected(during: String)

    /// A full-sentence description.
    public var description: String {
        switch self {
        case .server(let text): "The broker refused the request: \(text)."
        case .closed(let command): "The broker closed the connection before answering \(command)."
        case .unexpected(let command): "The broker answered \(command) with an unexpected frame."
        }
    }
}
