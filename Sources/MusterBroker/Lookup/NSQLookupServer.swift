import Hummingbird
import Logging
import MusterNet
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The embedded nsqlookupd HTTP API (`shared/protocols.md` §3) on 127.0.0.1: the one producer is the
/// embedded nsqd, and the topics and channels are the engine's.
public final class NSQLookupServer: Service, Sendable {
    /// What `/lookup` answers for a topic the engine does not have.
    public enum UnknownTopicAnswer: Sendable {
        /// 404 `TOPIC_NOT_FOUND`, as nsqlookupd does.
        case notFound
        /// The producer with no channels, for any valid topic name, so that consumers started
        /// before the first publish connect at once (`shared/protocols.md` §3.2 [dev-deviation]).
        case producer
    }

    /// The engine whose topics and channels it reports.
    public let engine: BrokerEngine
    let nsqdPorts: @Sendable () async throws -> (tcp: Int, http: Int)
    let unknownTopicAnswer: UnknownTopicAnswer
    private let listener: LoopbackHTTPListener
    private let readiness: PortReadiness

    /// Creates a server for `engine` on `port` (0 = any free port); `nsqdPorts` tells the embedded
    /// nsqd's TCP and HTTP ports, advertised with broadcast address 127.0.0.1.
    ///
    /// With `fallsBackToAnyPort`, a port taken at bind time is replaced by one the kernel picks.
    public init(
        engine: BrokerEngine, nsqdPorts: @escaping @Sendable () async throws -> (tcp: Int, http: Int), port: Int,
        unknownTopicAnswer: UnknownTopicAnswer = .notFound, fallsBackToAnyPort: Bool = false,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.broker.lookupd")
    ) {
        self.engine = engine
        self.nsqdPorts = nsqdPorts
        self.unknownTopicAnswer = unknownTopicAnswer
        let readiness = PortReadiness()
        self.readiness = readiness
        self.listener = LoopbackHTTPListener(
            name: "nsqlookupd HTTP API", requestedPort: port, fallsBackToAnyPort: fallsBackToAnyPort, group: group,
            logger: logger, readiness: readiness)
    }

    /// Creates a server advertising `nsqServer` and `httpServer` (its HTTP API) on `port` (0 = any free port).
    public convenience init(
        nsqServer: NSQServer, httpServer: NSQHTTPServer, port: Int, unknownTopicAnswer: UnknownTopicAnswer = .notFound,
        fallsBackToAnyPort: Bool = false, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.broker.lookupd")
    ) {
        self.init(
            engine: nsqServer.engine,
            nsqdPorts: { (try await nsqServer.boundPort(), try await httpServer.boundPort()) }, port: port,
            unknownTopicAnswer: unknownTopicAnswer, fallsBackToAnyPort: fallsBackToAnyPort, group: group,
            logger: logger)
    }

    /// Waits until the listener is bound and returns its port; throws when binding failed or it stopped.
    public func boundPort() async throws -> Int {
        try await readiness.port()
    }

    /// Binds and serves until graceful shutdown or cancellation.
    public func run() async throws {
        try await listener.run { [self] request in await respond(to: request).response }
    }

    /// The answer to one request; never throws, never crashes on a malformed one.
    func respond(to request: Request) async -> NSQHTTPReply {
        guard LoopbackHost.allows(request) else { return .error(403, "INVALID_HOST") }
        let path = request.uri.path
        guard ["/ping", "/info", "/lookup", "/topics", "/channels", "/nodes"].contains(path) else {
            return .error(404, "NOT_FOUND")
        }
        if request.method == .options { return .options(allowing: [.get]) }
        guard request.method == .get else { return .methodNotAllowed(allowing: [.get]) }
        do {
            guard case .complete = try await HTTPBodyReader.read(request, limit: NSQHTTPServer.maxAdminBodySize) else {
                return .error(413, "BODY_TOO_BIG")
            }
            guard let query = NSQHTTPQuery(request.uri.query) else { return .error(400, "INVALID_REQUEST") }
            return try await respond(path: path, query: query)
        } catch {
            return .error(500, "INTERNAL_ERROR")
        }
    }

    private func respond(path: String, query: NSQHTTPQuery) async throws -> NSQHTTPReply {
        switch path {
        case "/ping":
            return .text("OK")
        case "/info":
            return .json(["version": MusterBroker.nsqdVersion])
        case "/topics":
            return .json(["topics": engine.topicNames()])
        case "/channels":
            guard let topic = query["topic"] else { return .error(400, "MISSING_ARG_TOPIC") }
            return .json(["channels": engine.channelNames(topic: topic) ?? []])
        case "/nodes":
            return .json(["producers": [NSQLookupNode(try await producer(), topics: engine.topicNames())]])
        default:
            guard let topic = query["topic"] else { return .error(400, "MISSING_ARG_TOPIC") }
            let channels: [String]
            if let known = engine.channelNames(topic: topic) {
                channels = known
            } else if case .producer = unknownTopicAnswer, NSQName.isValid(topic) {
                channels = []
            } else {
                return .error(404, "TOPIC_NOT_FOUND")
            }
            return .json(NSQLookupDocument(channels: channels, producers: [try await producer()]))
        }
    }

    private func producer() async throws -> NSQLookupProducer {
        let ports = try await nsqdPorts()
        return NSQLookupProducer(tcpPort: ports.tcp, httpPort: ports.http)
    }
}
