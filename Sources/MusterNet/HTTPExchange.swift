import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 request over a fresh TCP or unix-socket connection with keep-alive off: the
/// answer's status and at most `bodyLimit` bytes of its body, within a timeout.
public struct HTTPExchange: Sendable {
    /// What came back.
    public struct Answer: Sendable {
        /// The status code.
        public var code: Int
        /// `200 OK`.
        public var statusLine: String
        /// At most `bodyLimit` bytes of the body.
        public var body: [UInt8]
    }

    /// Why no answer came back.
    public enum Failure: Error, CustomStringConvertible {
        /// Connecting and answering took longer than the timeout.
        case timedOut(Duration)
        /// The connection closed before a response head.
        case closedEarly

        /// A short phrase.
        public var description: String {
            switch self {
            case .timedOut(let timeout): "request timed out after \(timeout)"
            case .closedEarly: "the connection closed before an answer"
            }
        }
    }

    /// The host (an IP address or a name), also sent as `Host`.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// When set, the connection goes to this unix socket instead of `host:port`.
    public var unixSocketPath: String?
    /// The method.
    public var method = "GET"
    /// The request target (path and query).
    public var path = "/"
    /// Headers besides `Host` and `Connection: close`, which are always sent.
    public var headers: [(name: String, value: String)] = []
    /// The request body.
    public var body: [UInt8] = []
    /// How long connecting and answering may take together.
    public var timeout: Duration = .seconds(10)
    /// The most body bytes kept.
    public var bodyLimit = 4096
    /// Where the connection runs.
    public var eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    /// An exchange with `host:port` (or the unix socket at `unixSocketPath`).
    public init(
        host: String, port: Int, unixSocketPath: String? = nil, method: String = "GET", path: String = "/",
        headers: [(name: String, value: String)] = [], body: [UInt8] = [], timeout: Duration = .seconds(10),
        bodyLimit: Int = 4096, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.host = host
        self.port = port
        self.unixSocketPath = unixSocketPath
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.bodyLimit = bodyLimit
        self.eventLoopGroup = eventLoopGroup
    }

    /// Connects, sends the request and waits for the answer (or the timeout, or cancellation).
    public func send() async throws -> Answer {
        let promise = eventLoopGroup.next().makePromise(of: Answer.self)
        let limit = bodyLimit
        let channel: any Channel
        do {
            let bootstrap = ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(
                            AnswerCollector(promise: promise, bodyLimit: limit))
                    }
                }
            if let unixSocketPath {
                channel = try await bootstrap.connect(unixDomainSocketPath: unixSocketPath).get()
            } else {
                channel = try await bootstrap.connect(host: host, port: port).get()
            }
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
