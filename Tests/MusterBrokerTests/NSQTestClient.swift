import MusterBroker
import NIOCore
import NIOPosix
import Synchronization

/// A raw-socket NSQ client for tests: sends bytes, yields decoded server frames.
final class NSQTestClient: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = NSQFrame
        let continuation: AsyncThrowingStream<NSQFrame, any Error>.Continuation
        init(_ continuation: AsyncThrowingStream<NSQFrame, any Error>.Continuation) { self.continuation = continuation }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { continuation.yield(unwrapInboundIn(data)) }
        func channelInactive(context: ChannelHandlerContext) { continuation.finish() }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { continuation.finish(throwing: error) }
    }

    let channel: any Channel
    let frames: AsyncThrowingStream<NSQFrame, any Error>

    private init(channel: any Channel, frames: AsyncThrowingStream<NSQFrame, any Error>) {
        self.channel = channel
        self.frames = frames
    }

    static func connect(port: Int, magic: String = "  V2") async throws -> NSQTestClient {
        let (stream, continuation) = AsyncThrowingStream<NSQFrame, any Error>.makeStream()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NSQFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let client = NSQTestClient(channel: channel, frames: stream)
        if !magic.isEmpty { try await client.send(magic) }
        return client
    }

    func send(_ text: String) async throws { try await send(ByteBuffer(string: text)) }

    func send(_ buffer: ByteBuffer) async throws { try await channel.writeAndFlush(buffer) }

    /// Sends a command line followed by `[int32 len][body]`.
    func send(_ line: String, body: String) async throws {
        var buffer = ByteBuffer(string: line)
        buffer.writeInteger(Int32(body.utf8.count))
        buffer.writeString(body)
        try await send(buffer)
    }

    func close() async { try? await channel.close() }
}

/// Reads frames with a deadline (the connection is closed when it passes), skipping heartbeats unless asked.
struct FrameReader {
    let client: NSQTestClient
    var iterator: AsyncThrowingStream<NSQFrame, any Error>.AsyncIterator

    init(_ client: NSQTestClient) {
        self.client = client
        iterator = client.frames.makeAsyncIterator()
    }

    /// The next frame, or `nil` when the server closed the connection; throws
    /// ``FrameDeadlinePassed`` (after closing the connection) when `seconds` pass first, so that a
    /// test expecting the server to close cannot pass because of its own deadline.
    mutating func next(within seconds: Int64 = 30, heartbeats: Bool = false) async throws -> NSQFrame? {
        let channel = client.channel
        let deadlinePassed = FrameDeadlineFlag()
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(seconds)) {
            deadlinePassed.raise()
            channel.close(promise: nil)
        }
        defer { timeout.cancel() }
        do {
            while let frame = try await iterator.next() {
                if !heartbeats, case .response(let data) = frame, String(buffer: data) == "_heartbeat_" { continue }
                return frame
            }
        } catch let error as ChannelError where error == .ioOnClosedChannel || error == .eof {
            // The connection closed: the end of the frames, as documented.
        }
        if deadlinePassed.isRaised { throw FrameDeadlinePassed(seconds: seconds) }
        return nil
    }

    mutating func nextMessage(within seconds: Int64 = 30) async throws -> NSQMessage {
        let frame = try await next(within: seconds)
        guard case .message(let message) = frame else { throw UnexpectedFrame(frame: frame) }
        return message
    }
}

struct UnexpectedFrame: Error { var frame: NSQFrame? }

/// No frame came, and the connection was not closed by the server, within the reader's deadline.
struct FrameDeadlinePassed: Error { var seconds: Int64 }

/// Set once by a reader's deadline task, read by the reader.
final class FrameDeadlineFlag: Sendable {
    private let raised = Mutex(false)
    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}

extension NSQFrame {
    static func ok() -> NSQFrame { .response(ByteBuffer(string: "OK")) }
    var text: String? {
        switch self {
        case .response(let data): String(buffer: data)
        case .error(let text): text
        case .message: nil
        }
    }
}
