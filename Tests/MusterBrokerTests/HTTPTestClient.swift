import Foundation
import Logging
import MusterBroker
import MusterTesting
import NIOCore
import NIOPosix

/// One HTTP answer as read off the socket.
struct HTTPTestResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as a JSON object.
    var json: [String: Any] {
        get throws {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw HTTPTestError.notAnObject(text)
            }
            return object
        }
    }

    /// The `message` of a V1 error body.
    var errorCode: String? { (try? json)?["message"] as? String }
}

enum HTTPTestError: Error {
    case notAnObject(String)
    case malformed(String)
}

/// A raw-socket HTTP/1.1 client: one request per connection (`Connection: close`), read until the server closes.
enum HTTPTestClient {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
        init(_ continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation) {
            self.continuation = continuation
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { continuation.yield(unwrapInboundIn(data)) }
        func channelInactive(context: ChannelHandlerContext) { continuation.finish() }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { continuation.finish(throwing: error) }
    }

    static func request(
        port: Int, _ method: String, _ target: String, body: [UInt8] = [], headers: [String] = ["Host: 127.0.0.1"],
        declaredLength: Int? = nil
    ) async throws -> HTTPTestResponse {
        var head = "\(method) \(target) HTTP/1.1\r\n"
        for header in headers { head += header + "\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(declaredLength ?? body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        var raw = Array(head.utf8)
        raw += body
        return try await send(port: port, raw)
    }

    static func request(port: Int, _ method: String, _ target: String, text: String) async throws -> HTTPTestResponse {
        try await request(port: port, method, target, body: Array(text.utf8))
    }

    static func send(port: Int, _ raw: [UInt8]) async throws -> HTTPTestResponse {
        let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(30)) { channel.close(promise: nil) }
        defer { timeout.cancel() }
        try await channel.writeAndFlush(ByteBuffer(bytes: raw))
        var received: [UInt8] = []
        for try await chunk in stream { received += chunk.readableBytesView }
        return try parse(received)
    }

    private static func parse(_ raw: [UInt8]) throws -> HTTPTestResponse {
        let separator = Array("\r\n\r\n".utf8)
        guard
            let end = (0...(max(0, raw.count - 4))).first(where: {
                Array(raw[$0..<min($0 + 4, raw.count)]) == separator
            })
        else { throw HTTPTestError.malformed(String(decoding: raw, as: UTF8.self)) }
        let lines = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw HTTPTestError.malformed(lines[0]) }
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(raw[(end + 4)...])
        if let length = headers.first(where: { $0.0.lowercased() == "content-length" }).flatMap({ Int($0.1) }) {
            body = Array(body.prefix(length))
        }
        return HTTPTestResponse(status: status, headers: headers, body: body)
    }
}

/// The running broker of an HTTP test: NSQ TCP, nsqd HTTP and nsqlookupd HTTP, all on port 0.
struct BrokerHTTPStack: Sendable {
    let nsq: NSQServer
    let tcpPort: Int
    let httpPort: Int
    let lookupPort: Int

    var engine: BrokerEngine { nsq.engine }
}

/// Runs the three broker services for the duration of `body`, then shuts them down gracefully.
func withBrokerHTTP<R: Sendable>(
    configuration: BrokerConfiguration = BrokerConfiguration(),
    unknownTopicAnswer: NSQLookupServer.UnknownTopicAnswer = .notFound,
    _ body: @Sendable (BrokerHTTPStack) async throws -> R
) async throws -> R {
    let nsq = try await NSQServer.bind(port: 0, configuration: configuration)
    let http = try await NSQHTTPServer.bind(nsqServer: nsq, port: 0)
    let lookup = try await NSQLookupServer.bind(
        nsqServer: nsq, httpServer: http, port: 0, unknownTopicAnswer: unknownTopicAnswer)
    return try await withRunningServices([nsq, http, lookup]) {
        try await body(BrokerHTTPStack(nsq: nsq, tcpPort: nsq.port, httpPort: http.port, lookupPort: lookup.port))
    }
}
