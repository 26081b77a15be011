import Foundation
import MusterRegistry
import MusterTesting
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

/// One answer of the registry's HTTP API as a client sees it.
struct ConsulTestResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// `X-Consul-Index` as a number.
    var index: UInt64? { headers.first(name: "X-Consul-Index").flatMap { UInt64($0) } }

    /// The body parsed as JSON.
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }

    func object() throws -> [String: Any] { try #require(try json() as? [String: Any], "\(text)") }

    func list() throws -> [[String: Any]] { try #require(try json() as? [[String: Any]], "\(text)") }
}

/// An HTTP/1.1 client on NIO: one request per connection.
enum ConsulTestClient {
    static func request(
        port: Int, _ method: HTTPMethod, _ target: String, body: [UInt8] = [],
        headers: [(String, String)] = [("Host", "127.0.0.1")]
    ) async throws -> ConsulTestResponse {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            head.headers.add(name: "Content-Length", value: String(body.count))
            try await outbound.write(.head(head))
            if !body.isEmpty { try? await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try? await outbound.write(.end(nil))
            var response = ConsulTestResponse(status: 0, headers: [:], body: [])
            for try await part in inbound {
                switch part {
                case .head(let head):
                    response.status = Int(head.status.code)
                    response.headers = head.headers
                case .body(let buffer): response.body += buffer.readableBytesView
                case .end: return response
                }
            }
            return response
        }
    }

    static func get(_ port: Int, _ target: String) async throws -> ConsulTestResponse {
        try await request(port: port, .GET, target)
    }

    static func put(_ port: Int, _ target: String, _ body: String = "") async throws -> ConsulTestResponse {
        try await request(port: port, .PUT, target, body: Array(body.utf8))
    }
}

/// Runs a registry, its HTTP API on a free port and its check scheduler for the duration of `body`.
func withConsulServer<R: Sendable>(
    configuration: RegistryConfiguration = RegistryConfiguration(),
    _ body: @Sendable (Registry, Int) async throws -> R
) async throws -> R {
    let registry = Registry(configuration: configuration)
    let server = try await ConsulHTTPServer.bind(registry: registry, port: 0)
    return try await withRunningServices([server, CheckScheduler(registry: registry)]) {
        try await body(registry, server.port)
    }
}
