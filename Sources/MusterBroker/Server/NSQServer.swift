import Logging
import MusterNet
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The NSQ TCP server (`shared/protocols.md` §1): ``bind(port:fallsBackToAnyPort:configuration:group:logger:)``
/// binds 127.0.0.1 (and accepts connections from then on); ``run()`` serves until graceful shutdown.
public final class NSQServer: Service, Sendable {
    /// The engine holding topics and channels (for stats and the HTTP layer).
    public let engine: BrokerEngine
    /// The bound port.
    public let port: Int
    private let listener: NIOAsyncChannel<Void, Never>
    private let ticker: ScanTicker
    private let connections: OpenChannels

    private init(
        engine: BrokerEngine, port: Int, listener: NIOAsyncChannel<Void, Never>, ticker: ScanTicker,
        connections: OpenChannels
    ) {
        self.engine = engine
        self.port = port
        self.listener = listener
        self.ticker = ticker
        self.connections = connections
    }

    /// Binds 127.0.0.1:`port` (0 = any free port) on `group`; with `fallsBackToAnyPort`, a port
    /// taken at bind time is replaced by a free one instead of failing.
    ///
    /// One event loop serves every connection (and the timer scan): deliveries from a publisher to a
    /// consumer are then written in place, without a thread hop and its wake-up, and the engine lock is
    /// uncontended. One loop moves well over a million messages a second (Benchmarks/README.md).
    public static func bind(
        port: Int, fallsBackToAnyPort: Bool = false, configuration: BrokerConfiguration = BrokerConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.broker.nsq")
    ) async throws(NSQServerError) -> NSQServer {
        let engine = BrokerEngine(configuration: configuration, logger: logger)
        let connectionLoop = group.next()
        let ticker = ScanTicker(engine: engine, eventLoop: connectionLoop)
        engine.setTimerWakeup { ticker.arm() }
        let connections = OpenChannels()
        let consumers = ConsumerCounter()
        let listener: NIOAsyncChannel<Void, Never>
        do throws(LoopbackBindError) {
            listener = try await LoopbackBinder(group: group).bind(
                port: port, fallsBackToAnyPort: fallsBackToAnyPort, childGroup: connectionLoop,
                configure: { $0.childChannelOption(.socketOption(.tcp_nodelay), value: 1) }
            ) { channel in
                connections.insert(channel)
                let consumer = consumers.next()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NSQConnectionHandler(engine: engine, consumer: consumer, logger: logger))
                }
            }
        } catch {
            throw .bindFailed(port: port, underlying: error.reason)
        }
        let bound = listener.channel.localAddress?.port ?? port
        logger.info("The NSQ broker is listening on 127.0.0.1:\(bound).")
        return NSQServer(engine: engine, port: bound, listener: listener, ticker: ticker, connections: connections)
    }

    /// Serves connections until graceful shutdown or cancellation, then closes the listener and every connection.
    public func run() async throws {
        let listener = self.listener
        await withTaskCancellationOrGracefulShutdownHandler {
            // Connections are served by their handlers from the accept on; this only drains the accepts.
            try? await listener.executeThenClose { accepted in
                for try await _ in accepted {}
            }
        } onCancelOrGracefulShutdown: {
            listener.channel.close(promise: nil)
        }
        for connection in connections.all { try? await connection.close() }
    }
}

/// Hands out the consumer identities of connections.
private final class ConsumerCounter: Sendable {
    private let counter = Atomic<UInt64>(0)

    /// The next identity.
    func next() -> ConsumerID {
        ConsumerID(rawValue: counter.wrappingAdd(1, ordering: .relaxed).newValue)
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
