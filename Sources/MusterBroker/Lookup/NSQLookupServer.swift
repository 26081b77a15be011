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
    /// The bound port.
    public let port: Int
    let nsqdPorts: (tcp: Int, http: Int)
    let unknownTopicAnswer: UnknownTopicAnswer
    private let listener: LoopbackHTTPListener

    private init(
        engine: BrokerEngine, nsqdPorts: (tcp: Int, http: Int), unknownTopicAnswer: UnknownTopicAnswer,
        listener: LoopbackHTTPListener, port: Int
    ) {
        self.engine = engine
        self.nsqdPorts = nsqdPorts
        self.unknownTopicAnswer = unknownTopicAnswer
        self.listener = listener
        self.port = port
    }

    /// Binds a server for `engine` on `port` (0 = any free port); `nsqdPorts` are the embedded
    /// nsqd's TCP and HTTP ports, advertised with broadcast address 127.0.0.1.
    ///
    /// With `fallsBackToAnyPort`, a port taken at bind time is replaced by a free one.
    public static func bind(
        engine: BrokerEngine, nsqdPorts: (tcp: Int, http: Int), port: Int,
        unknownTopicAnswer: UnknownTopicAnswer = .notFound, fallsBackToAnyPort: Bool = false,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.broker.lookupd")
    ) async throws(LoopbackHTTPError) -> NSQLookupServer {
        let listener = try await LoopbackHTTPListener.bind(
            name: "nsqlookupd HTTP API", port: port, fallsBackToAnyPort: fallsBackToAnyPort,
            binder: LoopbackBinder(group: group), logger: logger)
        return NSQLookupServer(
            engine: engine, nsqdPorts: nsqdPorts, unknownTopicAnswer: unknownTopicAnswer, listener: listener,
            port: listener.port ?? port)
    }

    /// Binds a server advertising `nsqServer` and `httpServer` (its HTTP API) on `port` (0 = any free port).
    public static func bind(
        nsqServer: NSQServer, httpServer: NSQHTTPServer, port: Int, unknownTopicAnswer: UnknownTopicAnswer = .notFound,
        fallsBackToAnyPort: Bool = false, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.broker.lookupd")
    ) async throws(LoopbackHTTPError) -> NSQLookupServer {
        try await bind(
            engine: nsqServer.engine, nsqdPorts: (nsqServer.port, httpServer.port), port: port,
            unknownTopicAnswer: unknownTopicAnswer, fallsBackToAnyPort: fallsBackToAnyPort, group: group,
            logger: logger)
    }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        await listener.serve { [self] request in await respond(to: request).response }
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
            return .json(["producers": [NSQLookupNode(producer(), topics: engine.topicNames())]])
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
            return .json(NSQLookupDocument(channels: channels, producers: [producer()]))
        }
    }

    private func producer() -> NSQLookupProducer {
        NSQLookupProducer(tcpPort: nsqdPorts.tcp, httpPort: nsqdPorts.http)
    }
}
