import Hummingbird
import Logging
import MusterNet
import NIOCore
import NIOPosix
import ServiceLifecycle

/// nsqd's HTTP API (`shared/protocols.md` §2) on 127.0.0.1, serving a ``BrokerEngine`` until graceful shutdown.
///
/// Bind it after the ``NSQServer`` whose engine it serves and run both in the same `ServiceGroup`.
public final class NSQHTTPServer: Service, Sendable {
    /// The largest body accepted by the endpoints that take no message data.
    static let maxAdminBodySize = 64 * 1024

    /// The engine it serves.
    public let engine: BrokerEngine
    /// The bound port.
    public let port: Int
    /// The NSQ TCP port it reports in `/info`.
    let tcpPort: Int
    let startTime: Int64
    let listener: LoopbackHTTPListener

    private init(engine: BrokerEngine, tcpPort: Int, listener: LoopbackHTTPListener, port: Int) {
        self.engine = engine
        self.tcpPort = tcpPort
        self.startTime = engine.configuration.clock.unixNanoseconds() / 1_000_000_000
        self.listener = listener
        self.port = port
    }

    /// Binds a server for `engine` on `port` (0 = any free port); `tcpPort` is the NSQ TCP port for `/info`.
    ///
    /// With `fallsBackToAnyPort`, a port taken at bind time is replaced by a free one.
    public static func bind(
        engine: BrokerEngine, tcpPort: Int, port: Int, fallsBackToAnyPort: Bool = false,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.broker.http")
    ) async throws(LoopbackHTTPError) -> NSQHTTPServer {
        let listener = try await LoopbackHTTPListener.bind(
            name: "nsqd HTTP API", port: port, fallsBackToAnyPort: fallsBackToAnyPort,
            binder: LoopbackBinder(group: group), logger: logger)
        return NSQHTTPServer(engine: engine, tcpPort: tcpPort, listener: listener, port: listener.port ?? port)
    }

    /// Binds a server for the engine of `nsqServer` on `port` (0 = any free port).
    public static func bind(
        nsqServer: NSQServer, port: Int, fallsBackToAnyPort: Bool = false,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.broker.http")
    ) async throws(LoopbackHTTPError) -> NSQHTTPServer {
        try await bind(
            engine: nsqServer.engine, tcpPort: nsqServer.port, port: port, fallsBackToAnyPort: fallsBackToAnyPort,
            group: group, logger: logger)
    }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        await listener.serve { [self] request in await respond(to: request).response }
    }

    /// The answer to one request; never throws, never crashes on a malformed one.
    func respond(to request: Request) async -> NSQHTTPReply {
        guard LoopbackHost.allows(request) else { return .error(403, "INVALID_HOST") }
        // Form bodies stay allowed: `curl -d` (nsq's documented way to publish) sends one.
        if CrossSiteGuard.refusal(of: request, listenerPort: port, refusingFormBodies: false) != nil {
            return .error(403, "CROSS_SITE_REQUEST")
        }
        guard let (route, methods) = NSQHTTPRoute.match(request.uri.path) else { return .error(404, "NOT_FOUND") }
        if request.method == .options { return .options(allowing: methods) }
        guard methods.contains(request.method) else { return .methodNotAllowed(allowing: methods) }
        do {
            return try await respond(to: request, route: route)
        } catch {
            return .error(500, "INTERNAL_ERROR")
        }
    }

    private func respond(to request: Request, route: NSQHTTPRoute) async throws -> NSQHTTPReply {
        switch route {
        case .publish: return try await publish(request)
        case .multiPublish: return try await multiPublish(request)
        default: break
        }
        guard case .complete = try await HTTPBodyReader.read(request, limit: Self.maxAdminBodySize) else {
            return .error(413, "BODY_TOO_BIG")
        }
        guard let query = NSQHTTPQuery(request.uri.query) else { return .error(400, "INVALID_REQUEST") }
        switch route {
        case .ping: return .text("OK")
        case .info: return info()
        case .stats: return stats(query)
        case .createTopic, .deleteTopic, .emptyTopic, .pauseTopic, .unpauseTopic:
            return topicAction(route, query)
        default:
            return channelAction(route, query)
        }
    }

    private func info() -> NSQHTTPReply {
        let limits = engine.configuration.limits
        return .json(
            NSQInfoDocument(
                http_port: port, tcp_port: tcpPort, start_time: startTime,
                max_heartbeat_interval: limits.maxHeartbeatIntervalMilliseconds * 1_000_000))
    }

    private func stats(_ query: NSQHTTPQuery) -> NSQHTTPReply {
        let document = NSQStatsDocument(
            stats: engine.stats(), startTime: startTime, topic: query["topic"], channel: query["channel"],
            includeClients: query["include_clients"].map { !["false", "0"].contains($0) } ?? true,
            includeMemory: query["include_mem"].map { !["false", "0"].contains($0) } ?? true)
        guard query["format"] == "json" else {
            let now = engine.configuration.clock.unixNanoseconds() / 1_000_000_000
            return .text(NSQStatsText.render(document, now: now))
        }
        return .json(document)
    }
}
