import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// An HTTP/1.1 listener of Muster, bound first and served later, built on HummingbirdCore's
/// `HTTP1Channel` rather than `Application.run()`, whose `Date`-header cache wakes every second:
/// an idle Muster must not wake at all (design §10). Every HTTP listener of Muster is one of these.
public final class LoopbackHTTPListener: Sendable {
    /// The server channel: each accepted connection, set up for HTTP/1.1.
    typealias ServerChannel = NIOAsyncChannel<HTTP1Channel.Value, Never>

    /// What it serves, for logs and errors (e.g. "nsqd HTTP API").
    public let name: String
    /// The bound TCP port; nil on a unix socket.
    public let port: Int?
    private let channel: ServerChannel
    private let configuration: HTTP1Channel.Configuration
    private let connections: OpenChannels
    private let logger: Logger

    private init(
        name: String, port: Int?, channel: ServerChannel, configuration: HTTP1Channel.Configuration,
        connections: OpenChannels, logger: Logger
    ) {
        self.name = name
        self.port = port
        self.channel = channel
        self.configuration = configuration
        self.connections = connections
        self.logger = logger
    }

    /// Binds 127.0.0.1:`port` (a free port instead when it is taken and `fallsBackToAnyPort`;
    /// 0 = any port); serves nothing until ``serve(responder:)``.
    public static func bind(
        name: String, port: Int, fallsBackToAnyPort: Bool, limits: HTTPListenerLimits = HTTPListenerLimits(),
        binder: LoopbackBinder = LoopbackBinder(), logger: Logger
    ) async throws(LoopbackHTTPError) -> LoopbackHTTPListener {
        try await bind(name: name, address: "127.0.0.1:\(port)", limits: limits, logger: logger) {
            (setUp) async throws(LoopbackBindError) in
            try await binder.bind(
                port: port, fallsBackToAnyPort: fallsBackToAnyPort, configure: Self.configure,
                childChannelInitializer: setUp)
        }
    }

    /// Binds the unix socket at `path` (which must not exist); serves nothing until ``serve(responder:)``.
    public static func bind(
        name: String, unixSocketPath path: String, limits: HTTPListenerLimits = HTTPListenerLimits(),
        binder: LoopbackBinder = LoopbackBinder(), logger: Logger
    ) async throws(LoopbackHTTPError) -> LoopbackHTTPListener {
        try await bind(name: name, address: path, limits: limits, logger: logger) {
            (setUp) async throws(LoopbackBindError) in
            try await binder.bind(unixSocketPath: path, configure: Self.configure, childChannelInitializer: setUp)
        }
    }

    /// A listener on the server channel `bindChannel` makes with the child set-up it is given;
    /// `address` names it in its log line and errors.
    private static func bind(
        name: String, address: String, limits: HTTPListenerLimits, logger: Logger,
        _ bindChannel: (@escaping @Sendable (any Channel) -> EventLoopFuture<HTTP1Channel.Value>)
            async throws(LoopbackBindError) -> ServerChannel
    ) async throws(LoopbackHTTPError) -> LoopbackHTTPListener {
        let configuration = limits.channelConfiguration
        let connections = OpenChannels(limit: limits.maxConnections)
        let channel: ServerChannel
        do throws(LoopbackBindError) {
            channel = try await bindChannel(Self.setUp(configuration, connections, logger))
        } catch {
            throw .failed(name: name, address: address, underlying: error.reason)
        }
        // A TCP listener's port, which may differ from the one asked for; nil on a unix socket.
        let port = channel.channel.localAddress?.port
        logger.info("The \(name) is listening on \(port.map { "127.0.0.1:\($0)" } ?? address).")
        return LoopbackHTTPListener(
            name: name, port: port, channel: channel, configuration: configuration, connections: connections,
            logger: logger)
    }

    /// Serves every request with `handle` until graceful shutdown or cancellation.
    public func serve(_ handle: @escaping @Sendable (Request) async -> Response) async {
        await serve(withPeer: { request, _ in await handle(request) })
    }

    /// Like ``serve(_:)``, also telling `handle` the client's port (the connection's remote port),
    /// from which a server may find which local process is asking.
    public func serve(withPeer handle: @escaping @Sendable (Request, _ peerPort: Int?) async -> Response) async {
        await serve(responder: { request, responseWriter, channel in
            let response = await handle(request, channel.remoteAddress?.port)
            try await responseWriter.write(response: response.head, body: response.body)
        })
    }

    /// Serves every connection with `responder` until graceful shutdown or cancellation: then it
    /// stops accepting, lets the requests in flight finish, and closes every connection.
    public func serve(responder: @escaping HTTPChannelHandler.Responder) async {
        let http = HTTP1Channel(responder: responder, configuration: configuration)
        let (channel, logger, connections) = (self.channel, self.logger, self.connections)
        await withTaskCancellationOrGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                do {
                    try await channel.executeThenClose { inbound in
                        for try await child in inbound {
                            group.addTask { await http.handle(value: child, logger: logger) }
                        }
                    }
                } catch {
                    logger.debug("The \(self.name) stopped accepting connections: \(error)")
                }
            }
        } onCancelOrGracefulShutdown: {
            channel.channel.close(promise: nil)
            connections.quiesce()
        }
    }

    /// Closes the listener without serving (when the listeners bound with it cannot all run).
    public func close() async {
        try? await channel.channel.close()
    }

    /// Sets each accepted connection up for HTTP/1.1 (at bind time; it is served later) and tracks it.
    private static func setUp(
        _ configuration: HTTP1Channel.Configuration, _ connections: OpenChannels, _ logger: Logger
    ) -> @Sendable (any Channel) -> EventLoopFuture<HTTP1Channel.Value> {
        let setup = HTTP1Channel(responder: { _, _, _ in }, configuration: configuration)
        return { child in
            guard connections.insert(child) else {
                child.close(promise: nil)
                return child.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
            }
            return setup.setup(channel: child, logger: logger)
        }
    }

    /// Clients may half-close their side while an answer streams (a disconnect ends it).
    @Sendable private static func configure(_ bootstrap: ServerBootstrap) -> ServerBootstrap {
        bootstrap.childChannelOption(.allowRemoteHalfClosure, value: true)
    }
}

/// Errors of Muster's HTTP listeners.
public enum LoopbackHTTPError: Error, CustomStringConvertible {
    /// The listener could not be bound.
    case failed(name: String, address: String, underlying: String)

    /// A full-sentence description.
    public var description: String {
        switch self {
        case .failed(let name, let address, let underlying):
            "The \(name) could not serve on \(address) (\(underlying)); choose a free port in the configuration."
        }
    }
}
