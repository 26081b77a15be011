import Logging
import MusterNet
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The NSQ TCP server (`shared/protocols.md` §1): binds 127.0.0.1 and serves until graceful shutdown.
public final class NSQServer: Service, Sendable {
    /// The engine holding topics and channels (for stats and the HTTP layer).
    public let engine: BrokerEngine
    private let fallsBackToAnyPort: Bool
    private let requestedPort: Int
    private let group: any EventLoopGroup
    /// The one event loop serving every connection (and the timer scan): deliveries from a publisher to a
    /// consumer are then written in place, without a thread hop and its wake-up, and the engine lock is
    /// uncontended. One loop moves well over a million messages a second (Benchmarks/README.md).
    private let connectionLoop: any EventLoop
    private let logger: Logger
    private let readiness = PortReadiness()
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])
    private let nextConsumer = Atomic<UInt64>(0)

    /// Creates a server for `port` (0 = any free port) on `group`; with `fallsBackToAnyPort`, a
    /// port taken at bind time is replaced by one the kernel picks instead of failing.
    public init(
        port: Int, fallsBackToAnyPort: Bool = false, configuration: BrokerConfiguration = BrokerConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.broker.nsq")
    ) {
        self.requestedPort = port
        self.fallsBackToAnyPort = fallsBackToAnyPort
        self.group = group
        self.connectionLoop = group.next()
        self.logger = logger
        self.engine = BrokerEngine(configuration: configuration, logger: logger)
    }

    /// Waits until the listener is bound and returns its port.
    public func boundPort() async throws -> Int {
        try await readiness.port()
    }

    /// Binds, serves connections, and on graceful shutdown closes the listener and every connection.
    public func run() async throws {
        let ticker = ScanTicker(engine: engine, eventLoop: connectionLoop)
        engine.setTimerWakeup { ticker.arm() }
        let listener: any Channel
        do {
            do {
                listener = try await bootstrap().bind(host: "127.0.0.1", port: requestedPort).get()
            } catch  where fallsBackToAnyPort && requestedPort != 0 {
                listener = try await bootstrap().bind(host: "127.0.0.1", port: 0).get()
            }
        } catch {
            readiness.settle(.failure(error))
            throw NSQServerError.bindFailed(port: requestedPort, underlying: "\(error)")
        }
        readiness.settle(.success(listener.localAddress?.port ?? requestedPort))
        logger.info("The NSQ broker is listening on 127.0.0.1:\(listener.localAddress?.port ?? requestedPort).")
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await listener.closeFuture.get()
        } onCancelOrGracefulShutdown: {
            listener.close(promise: nil)
        }
        let open = connections.withLock { Array($0.values) }
        for connection in open { try? await connection.close() }
    }

    private func bootstrap() -> ServerBootstrap {
        ServerBootstrap(group: group, childGroup: connectionLoop)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                register(channel)
                let consumer = ConsumerID(rawValue: nextConsumer.wrappingAdd(1, ordering: .relaxed).newValue)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NSQConnectionHandler(engine: engine, consumer: consumer, logger: logger))
                }
            }
    }

    private func register(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        connections.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = connections.withLock { $0.removeValue(forKey: key) }
        }
    }
}

/// Errors of the NSQ server.
public enum NSQServerError: Error, CustomStringConvertible {
    /// The listener could not be bound.
    case bindFailed(port: Int, underlying: String)

    /// A full-sentence description.
    public var description: String {
        switch self {
        case .bindFailed(let port, let underlying):
            "The NSQ broker could not listen on 127.0.0.1:\(port) (\(underlying)); choose a free port in the configuration."
        }
    }
}
