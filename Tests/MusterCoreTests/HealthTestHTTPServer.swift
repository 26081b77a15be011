import NIOCore
import NIOPosix
import Synchronization

/// A tiny HTTP server for health probe tests, on 127.0.0.1 and a port of the kernel's choosing,
/// that answers every request the way it is told to at that moment.
final class HealthTestHTTPServer: Sendable {
    /// How the server answers.
    enum Behaviour: Sendable, Equatable {
        /// A status line with this code, no body.
        case status(Int)
        /// Reads the request and never answers.
        case silent
        /// A first line that is not HTTP.
        case garbage
        /// Closes the connection without a word.
        case hangUp
    }

    /// The port it listens on.
    let port: Int
    private let channel: any Channel
    private let shared: SharedState

    /// Starts listening, answering `behaviour` until told otherwise.
    init(_ behaviour: Behaviour = .status(200)) async throws {
        let shared = SharedState(behaviour)
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(Responder(shared: shared))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.port = channel.localAddress?.port ?? 0
        self.shared = shared
    }

    /// Runs `body` with a server that answers `behaviour`, and closes the server afterwards.
    static func with(
        _ behaviour: Behaviour = .status(200), _ body: (HealthTestHTTPServer) async throws -> Void
    ) async throws {
        let server = try await HealthTestHTTPServer(behaviour)
        do {
            try await body(server)
        } catch {
            await server.close()
            throw error
        }
        await server.close()
    }

    /// From now on, answer like this.
    func answer(_ behaviour: Behaviour) {
        shared.state.withLock { $0.behaviour = behaviour }
    }

    /// The head of every request received so far, in order.
    var requests: [String] { shared.state.withLock { $0.requests } }

    /// Stops listening.
    func close() async {
        try? await channel.close()
    }

    /// Lets handlers reach the server's state without capturing the server itself.
    private final class SharedState: Sendable {
        let state: Mutex<(behaviour: Behaviour, requests: [String])>
        init(_ behaviour: Behaviour) { state = Mutex((behaviour, [])) }
    }

    /// Reads one request head and answers it.
    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let shared: SharedState
        var received = ""

        init(shared: SharedState) { self.shared = shared }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readString(length: buffer.readableBytes) ?? ""
            guard let end = received.range(of: "\r\n\r\n") else { return }
            let head = String(received[..<end.lowerBound])
            let behaviour = shared.state.withLock { state in
                state.requests.append(head)
                return state.behaviour
            }
            switch behaviour {
            case .status(let code):
                let answer = "HTTP/1.1 \(code) Whatever\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer))).whenComplete { _ in
                    channel.close(promise: nil)
                }
            case .silent:
                break
            case .garbage:
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "SSH-2.0-OpenSSH\r\n")), promise: nil)
            case .hangUp:
                context.close(promise: nil)
            }
        }
    }
}
