import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// An HTTP/1.1 listener on 127.0.0.1 built from HummingbirdCore rather than `Application.run()`,
/// whose `Date`-header cache wakes every second: an idle Muster must not wake at all (design §10).
public struct LoopbackHTTPListener: Sendable {
    /// What it serves, for logs and errors (e.g. "nsqd HTTP API").
    public let name: String
    /// The port asked for; 0 for any free one.
    public let requestedPort: Int
    /// Whether a taken `requestedPort` falls back to a free port instead of failing.
    public let fallsBackToAnyPort: Bool
    /// The event loops it serves on.
    public let group: any EventLoopGroup
    /// Where it logs.
    public let logger: Logger
    /// Settled with the bound port, or the failure, once `run` binds or gives up.
    public let readiness: PortReadiness

    /// A listener named `name` (for logs and errors) on 127.0.0.1:`requestedPort`.
    public init(
        name: String, requestedPort: Int, fallsBackToAnyPort: Bool, group: any EventLoopGroup, logger: Logger,
        readiness: PortReadiness
    ) {
        self.name = name
        self.requestedPort = requestedPort
        self.fallsBackToAnyPort = fallsBackToAnyPort
        self.group = group
        self.logger = logger
        self.readiness = readiness
    }

    /// Binds (on a free port when asked and the requested one is taken), then serves until graceful shutdown.
    public func run(_ handle: @escaping @Sendable (Request) async -> Response) async throws {
        try await run(withPeer: { request, _ in await handle(request) })
    }

    /// Like ``run(_:)``, also telling `handle` the client's port (the connection's remote port),
    /// from which a server may find which local process is asking.
    public func run(withPeer handle: @escaping @Sendable (Request, _ peerPort: Int?) async -> Response) async throws {
        do {
            do {
                try await serve(port: requestedPort, handle)
            } catch  where fallsBackToAnyPort && requestedPort != 0 && !readiness.isBound && !Task.isCancelled {
                logger.info("\(name): port \(requestedPort) is taken; using another")
                try await serve(port: 0, handle)
            }
        } catch {
            let failure = LoopbackHTTPError.failed(name: name, port: requestedPort, underlying: "\(error)")
            readiness.settle(.failure(failure))
            throw failure
        }
        readiness.settle(.failure(LoopbackHTTPError.stopped(name: name)))
    }

    private func serve(port: Int, _ handle: @escaping @Sendable (Request, Int?) async -> Response) async throws {
        let readiness = self.readiness
        let logger = self.logger
        let name = self.name
        let server = try HTTPServerBuilder.http1().buildServer(
            configuration: ServerConfiguration(address: .hostname("127.0.0.1", port: port)),
            eventLoopGroup: group, logger: logger,
            responder: { request, responseWriter, channel in
                let response = await handle(request, channel.remoteAddress?.port)
                try await responseWriter.write(response: response.head, body: response.body)
            },
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.info("The \(name) is listening on 127.0.0.1:\(bound).")
                readiness.settle(.success(bound))
            })
        try await server.run()
    }
}

/// Errors of Muster's loopback HTTP listeners.
public enum LoopbackHTTPError: Error, CustomStringConvertible {
    /// The listener could not be bound or failed while serving.
    case failed(name: String, port: Int, underlying: String)
    /// The listener has stopped.
    case stopped(name: String)

    /// A full-sentence description.
    public var description: String {
        switch self {
        case .failed(let name, let port, let underlying):
            "The \(name) could not serve on 127.0.0.1:\(port) (\(underlying)); choose a free port in the configuration."
        case .stopped(let name):
            "The \(name) has stopped."
        }
    }
}
