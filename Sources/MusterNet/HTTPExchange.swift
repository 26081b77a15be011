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

    /// An answer whose body is still arriving.
    public struct StreamingAnswer: Sendable {
        /// The status code.
        public var code: Int
        /// `200 OK`.
        public var statusLine: String
        /// The body's first bytes, when ``HTTPExchange/open(awaitingFirstBytes:)`` waited for them
        /// (nil when the body was empty).
        public var firstBytes: ByteBuffer?
        /// The rest of the body as it arrives: it ends with the answer, and throws when the
        /// connection fails or closes first.
        public var body: AsyncThrowingStream<ByteBuffer, any Error>
    }

    /// Why no answer came back.
    public enum Failure: Error, CustomStringConvertible {
        /// Connecting and answering took longer than the timeout.
        case timedOut(Duration)
        /// The connection closed before a response head (or, streaming, before its end).
        case closedEarly
        /// The answer does not start with an HTTP status line; its first line (at most 40 bytes).
        case notHTTP(String)

        /// A short phrase.
        public var description: String {
            switch self {
            case .timedOut(let timeout): "request timed out after \(timeout)"
            case .closedEarly: "the connection closed before an answer"
            case .notHTTP(let line): "the answer is not HTTP: \(line)"
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
    /// The most body bytes kept (0: the answer is complete with its head).
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
        let channel = try await connect(failing: promise) { firstLine in
            AnswerCollector(promise: promise, bodyLimit: limit, firstLine: firstLine)
        }
        let timeout = self.timeout
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            promise.fail(Failure.timedOut(timeout))
        }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            promise.fail(CancellationError())
        }
    }

    /// Connects, sends the request and returns once the answer's head has come (within the
    /// timeout) and, with `awaitingFirstBytes`, the first bytes of its body or its end; the rest
    /// of the body arrives in the answer's stream, and dropping that stream closes the connection.
    public func open(awaitingFirstBytes: Bool = false) async throws -> StreamingAnswer {
        let promise = eventLoopGroup.next().makePromise(of: Head.self)
        let (body, sink) = AsyncThrowingStream.makeStream(of: ByteBuffer.self)
        let channel = try await connect(failing: promise) { firstLine in
            BodyStreamer(head: promise, sink: sink, firstLine: firstLine, settlesOnFirstBytes: awaitingFirstBytes)
        }
        sink.onTermination = { _ in channel.close(promise: nil) }
        let timeout = self.timeout
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            promise.fail(Failure.timedOut(timeout))
        }
        defer { timer.cancel() }
        do {
            let head = try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(CancellationError())
            }
            return StreamingAnswer(
                code: head.code, statusLine: head.statusLine, firstBytes: head.firstBytes, body: body)
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// Connects with `handler` (given the recorder of the answer's first line) after the HTTP
    /// codec, and writes the request; a failure to connect also fails `promise`.
    private func connect<Value>(
        failing promise: EventLoopPromise<Value>,
        handler: @escaping @Sendable (FirstLineRecorder) -> any ChannelInboundHandler
    ) async throws -> any Channel {
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let recorder = FirstLineRecorder()
                    try channel.pipeline.syncOperations.addHandler(recorder)
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(handler(recorder))
                }
            }
        let channel: any Channel
        do {
            if let unixSocketPath {
                channel = try await bootstrap.connect(unixDomainSocketPath: unixSocketPath).get()
            } else if let address = try? SocketAddress(ipAddress: host, port: port) {
                channel = try await bootstrap.connect(to: address).get()
            } else {
                channel = try await bootstrap.connect(host: host, port: port).get()
            }
        } catch {
            promise.fail(error)
            throw error
        }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !body.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        return channel
    }

    private var head: HTTPRequestHead {
        var fields = HTTPHeaders()
        if unixSocketPath != nil {
            fields.add(name: "Host", value: "localhost")
        } else {
            fields.add(name: "Host", value: host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
        }
        for (name, value) in headers where name.lowercased() != "host" { fields.add(name: name, value: value) }
        fields.replaceOrAdd(name: "Connection", value: "close")
        if !body.isEmpty { fields.replaceOrAdd(name: "Content-Length", value: String(body.count)) }
        return HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: path, headers: fields)
    }
}
