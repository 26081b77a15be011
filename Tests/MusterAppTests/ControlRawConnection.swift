import Foundation
import MusterTesting
import NIOCore
import NIOPosix
import Synchronization

/// A connection that sends hand-written bytes and keeps everything that comes back, for requests
/// ControlClient would never send (bad Host, no Host, big bodies).
final class ControlRawConnection: Sendable {
    private let channel: any Channel
    private let collected: Collected

    private final class Collected: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLock { $0.bytes.append(contentsOf: buffer.readableBytesView) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLock { $0.closed = true }
        }
    }

    /// Connects to `127.0.0.1:port`.
    static func tcp(port: Int) async throws -> ControlRawConnection {
        let collected = Collected()
        let channel = try await bootstrap(collected).connect(host: "127.0.0.1", port: port).get()
        return ControlRawConnection(channel: channel, collected: collected)
    }

    /// Connects to the unix socket at `path`.
    static func unix(path: String) async throws -> ControlRawConnection {
        let collected = Collected()
        let channel = try await bootstrap(collected).connect(unixDomainSocketPath: path).get()
        return ControlRawConnection(channel: channel, collected: collected)
    }

    private static func bootstrap(_ collected: Collected) -> ClientBootstrap {
        ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collected) }
        }
    }

    private init(channel: any Channel, collected: Collected) {
        self.channel = channel
        self.collected = collected
    }

    /// Everything received so far, as text.
    var received: String { String(decoding: collected.state.withLock { $0.bytes }, as: UTF8.self) }
    /// Whether the server closed the connection.
    var isClosed: Bool { collected.state.withLock { $0.closed } }

    /// Sends `text` as it is.
    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close()
    }

    /// Sends one request and returns the whole answer once a complete response (by Content-Length)
    /// arrived or the server closed the connection.
    static func exchange(_ request: String, over connection: ControlRawConnection) async throws -> ControlRawResponse {
        try await connection.send(request)
        var response: ControlRawResponse?
        try await waitUntil("an answer to \(request.prefix(40))") {
            response = ControlRawResponse(connection.received)
            return response?.isComplete == true || connection.isClosed
        }
        await connection.close()
        return ControlRawResponse(connection.received) ?? ControlRawResponse(status: 0, headers: [:], body: "")
    }
}

/// A parsed HTTP/1.1 answer.
struct ControlRawResponse: Sendable {
    /// The status code.
    var status: Int
    /// Header fields, names lowercased.
    var headers: [String: String]
    /// The body as text.
    var body: String
    /// Whether the body is as long as Content-Length says.
    var isComplete = false

    init(status: Int, headers: [String: String], body: String) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Parses `text`; nil until the head is complete.
    init?(_ text: String) {
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<end.lowerBound].split(separator: "\r\n")
        guard let first = lines.first, let code = first.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else {
            return nil
        }
        status = code
        headers = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        body = String(text[end.upperBound...])
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            isComplete = body.utf8.count >= length
        }
    }
}
