import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One request of an HTTP check: `Method` to the URL with `Header` and `Body`, keep-alive off;
/// 2xx is passing, 429 warning, anything else or an error critical (`shared/protocols.md` §4.9).
struct HTTPCheckRequest: Sendable {
    let target: HTTPCheckTarget
    let timeout: Duration
    let eventLoopGroup: any EventLoopGroup

    /// Sends the request and turns the answer into a check result.
    func run() async -> CheckProbe.Result {
        let label = "HTTP \(target.method) \(target.url)"
        guard let url = CheckURL(target.url) else {
            return .init(status: .critical, output: "\(label): the URL is not an http:// URL")
        }
        let promise = eventLoopGroup.next().makePromise(of: HTTPCheckAnswer.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(HTTPCheckAnswerHandler(promise: promise))
                    }
                }
                .connect(host: url.host, port: url.port).get()
        } catch {
            promise.fail(error)
            return .init(status: .critical, output: "\(label): \(CheckProbe.describe(error))")
        }
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            promise.fail(ChannelError.connectTimeout(TimeAmount(timeout)))
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        send(to: channel, url: url)
        do {
            let answer = try await promise.futureResult.get()
            channel.close(promise: nil)
            let output = "\(label): \(answer.statusLine) Output: \(String(decoding: answer.body, as: UTF8.self))"
            let status: CheckStatus =
                (200..<300).contains(answer.code) ? .passing : answer.code == 429 ? .warning : .critical
            return .init(status: status, output: output)
        } catch ChannelError.connectTimeout {
            return .init(status: .critical, output: "\(label): request timed out after \(GoDuration.format(timeout))")
        } catch {
            channel.close(promise: nil)
            return .init(status: .critical, output: "\(label): \(CheckProbe.describe(error))")
        }
    }

    private func send(to channel: any Channel, url: CheckURL) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: url.hostHeader)
        headers.add(name: "User-Agent", value: "Consul Health Check")
        headers.add(name: "Accept", value: "text/plain, text/*, */*")
        headers.add(name: "Connection", value: "close")
        for (name, values) in target.headers.sorted(by: { $0.key < $1.key }) {
            headers.remove(name: name)
            for value in values { headers.add(name: name, value: value) }
        }
        let body = ByteBuffer(string: target.body)
        if !target.body.isEmpty { headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes)) }
        let head = HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: target.method.uppercased()), uri: url.path,
            headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !target.body.isEmpty { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }
}

/// What an HTTP check got back: the status and the start of the body.
struct HTTPCheckAnswer: Sendable {
    var code: Int
    var statusLine: String
    var body: [UInt8]
}

/// Collects the answer's head and at most 4 KiB of its body.
private final class HTTPCheckAnswerHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<HTTPCheckAnswer>
    private var answer: HTTPCheckAnswer?

    init(promise: EventLoopPromise<HTTPCheckAnswer>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            answer = HTTPCheckAnswer(
                code: Int(head.status.code), statusLine: "\(head.status.code) \(head.status.reasonPhrase)", body: [])
        case .body(var buffer):
            guard var current = answer else { return }
            let room = RegistryCheck.outputLimit - current.body.count
            if room > 0 { current.body += buffer.readBytes(length: min(room, buffer.readableBytes)) ?? [] }
            answer = current
            if current.body.count >= RegistryCheck.outputLimit { finish() }
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
        if let answer { promise.succeed(answer) } else { promise.fail(ChannelError.eof) }
    }
}

/// The parts of an `http://host[:port]/path` URL.
struct CheckURL: Sendable, Hashable {
    var host: String
    var port: Int
    var path: String

    /// Parses `text`; nil when it is not an `http://` URL with a host.
    init?(_ text: String) {
        guard let url = URL(string: text), url.scheme?.lowercased() == "http",
            let host = url.host(percentEncoded: false), !host.isEmpty
        else { return nil }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = url.port ?? 80
        let path = url.path(percentEncoded: true)
        self.path = (path.isEmpty ? "/" : path) + (url.query(percentEncoded: true).map { "?" + $0 } ?? "")
    }

    /// The `Host:` header value.
    var hostHeader: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
