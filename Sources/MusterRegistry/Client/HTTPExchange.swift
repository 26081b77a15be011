import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 request over a fresh connection with keep-alive off: the answer's status and at
/// most `bodyLimit` bytes of its body. Used by HTTP checks and by `muster services`.
struct HTTPExchange: Sendable {
    /// What came back.
    struct Answer: Sendable {
        var code: Int
        /// `200 OK`.
        var statusLine: String
        var body: [UInt8]
    }

    /// Why no answer came back.
    enum Failure: Error, CustomStringConvertible {
        case timedOut(Duration)
        case closedEarly

        var description: String {
            switch self {
            case .timedOut(let timeout): "request timed out after \(GoDuration.format(timeout))"
            case .closedEarly: "the connection closed before an answer"
            }
        }
    }

    var host: String
    var port: Int
    var method = "GET"
    var path = "/"
    /// Headers besides `Host` and `Connection: close`, which are always sent.
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    var timeout: Duration = .seconds(10)
    var bodyLimit = 4096
    var eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    /// Connects, sends the request and waits for the answer (or the timeout, or cancellation).
    func send() async throws -> Answer {
        let promise = eventLoopGroup.next().makePromise(of: Answer.self)
        let limit = bodyLimit
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(
                            AnswerCollector(promise: promise, bodyLimit: limit))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            throw error
        }
        let timeout = self.timeout
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            promise.fail(Failure.timedOut(timeout))
        }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !body.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            promise.fail(CancellationError())
        }
    }

    private var head: HTTPRequestHead {
        var fields = HTTPHeaders()
        fields.add(name: "Host", value: host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
        for (name, value) in headers where name.lowercased() != "host" { fields.add(name: name, value: value) }
        fields.replaceOrAdd(name: "Connection", value: "close")
        if !body.isEmpty { fields.replaceOrAdd(name: "Content-Length", value: String(body.count)) }
        return HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: path, headers: fields)
    }
}

extension TimeAmount {
    /// A NIO time amount of `duration`.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// Collects the answer's head and at most `bodyLimit` bytes of its body.
private final class AnswerCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<HTTPExchange.Answer>
    private let bodyLimit: Int
    private var answer: HTTPExchange.Answer?

    init(promise: EventLoopPromise<HTTPExchange.Answer>, bodyLimit: Int) {
        self.promise = promise
        self.bodyLimit = bodyLimit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            answer = .init(
                code: Int(head.status.code), statusLine: "\(head.status.code) \(head.status.reasonPhrase)", body: [])
        case .body(var buffer):
            guard var current = answer else { return }
            let room = bodyLimit - current.body.count
            if room > 0 { current.body += buffer.readBytes(length: min(room, buffer.readableBytes)) ?? [] }
            answer = current
            if current.body.count >= bodyLimit { finish() }
        case .end:
            finish()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    private func finish() {
        if let answer { promise.succeed(answer) } else { promise.fail(HTTPExchange.Failure.closedEarly) }
    }
}
