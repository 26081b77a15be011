import Hummingbird
import Logging
import MusterNet
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The Consul HTTP API subset (`shared/protocols.md` §4) on 127.0.0.1, serving a ``Registry``
/// until graceful shutdown. The registry's ``CheckScheduler`` answers parked queries when it
/// stops, so it belongs after this server in a service group (it then stops first).
public final class ConsulHTTPServer: Service, Sendable {
    /// Finds the owner of a registration (see ``ServiceInstance/owner``) from the client's port
    /// and the server's: the supervised instance whose process opened that connection, if any.
    public typealias RegistrantLocator = @Sendable (_ clientPort: Int, _ serverPort: Int) async -> String?

    /// The largest JSON body accepted (registrations, TTL updates).
    static let maxJSONBodySize = 1024 * 1024
    /// What `/v1/status/leader` and `/v1/agent/self` report as the leader.
    static let leaderAddress = "127.0.0.1:8300"

    /// The registry it serves.
    public let registry: Registry
    /// The bound port.
    public let port: Int
    let listener: LoopbackHTTPListener
    let registrant: RegistrantLocator?

    private init(registry: Registry, listener: LoopbackHTTPListener, port: Int, registrant: RegistrantLocator?) {
        self.registry = registry
        self.listener = listener
        self.port = port
        self.registrant = registrant
    }

    /// Binds a server for `registry` on `port` (0 = any free port; with `fallsBackToAnyPort`, a
    /// taken port is replaced by a free one). `registrant` finds who registers services, when known.
    public static func bind(
        registry: Registry, port: Int, fallsBackToAnyPort: Bool = false,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.registry.http"), registrant: RegistrantLocator? = nil
    ) async throws(LoopbackHTTPError) -> ConsulHTTPServer {
        let listener = try await LoopbackHTTPListener.bind(
            name: "registry HTTP API", port: port, fallsBackToAnyPort: fallsBackToAnyPort,
            binder: LoopbackBinder(group: group), logger: logger)
        return ConsulHTTPServer(
            registry: registry, listener: listener, port: listener.port ?? port, registrant: registrant)
    }

    /// Serves until graceful shutdown or cancellation; the registry's ``CheckScheduler`` answers
    /// its parked queries when it stops.
    public func run() async throws {
        let registry = self.registry
        await listener.serve(withPeer: { [self] request, peerPort in
            let reply = await respond(to: request, peerPort: peerPort)
            return reply.response(currentIndex: await registry.index)
        })
    }

    /// The answer to one request; never throws, never crashes on a malformed one.
    func respond(to request: Request, peerPort: Int?) async -> ConsulReply {
        guard LoopbackHost.allows(request) else {
            return .error(RegistryError(status: 403, "Invalid Host header: only loopback names are accepted"))
        }
        if let refusal = CrossSiteGuard.refusal(of: request, listenerPort: port, refusingFormBodies: false) {
            return .error(RegistryError(status: 403, refusal))
        }
        guard let route = ConsulRoute(path: request.uri.path) else {
            return .error(RegistryError(status: 404, "404 page not found"))
        }
        guard route.methods.contains(request.method) else { return .methodNotAllowed(allowing: route.methods) }
        do throws(RegistryError) {
            guard let query = URLQuery(request.uri.query) else {
                throw .badRequest("Invalid query: a percent escape is malformed")
            }
            if let datacenter = query["dc"], !datacenter.isEmpty, datacenter != registry.datacenter {
                throw RegistryError(status: 500, "No path to datacenter")
            }
            let body = try await readBody(of: request, route: route)
            return try await respond(to: route, method: request.method, query: query, body: body, peerPort: peerPort)
        } catch {
            return .error(error)
        }
    }

    private func readBody(of request: Request, route: ConsulRoute) async throws(RegistryError) -> [UInt8] {
        let limit: Int
        if case .keyValue = route { limit = registry.configuration.maxValueSize } else { limit = Self.maxJSONBodySize }
        let outcome: HTTPBodyReader.Outcome
        do {
            outcome = try await HTTPBodyReader.read(request, limit: limit)
        } catch {
            throw .badRequest("The request body could not be read: \(error)")
        }
        guard case .complete(var buffer) = outcome else {
            throw RegistryError(status: 413, "Request body too large, max size: \(limit) bytes")
        }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    private func respond(
        to route: ConsulRoute, method: HTTPRequest.Method, query: URLQuery, body: [UInt8], peerPort: Int?
    ) async throws(RegistryError) -> ConsulReply {
        switch route {
        case .keyValue(let key):
            return try await keyValue(key, method: method, query: query, body: body)
        case .statusLeader:
            return .json(Self.leaderAddress)
        case .statusPeers:
            return .json([Self.leaderAddress])
        case .catalogDatacenters:
            return .json([registry.datacenter])
        case .agentServices, .agentService, .registerService, .deregisterService, .serviceMaintenance, .agentChecks,
            .registerCheck, .deregisterCheck, .ttlUpdate, .agentSelf, .agentMembers:
            return try await agent(route, query: query, body: body, peerPort: peerPort)
        case .catalogServices, .catalogService, .catalogNodes, .catalogNode:
            return try await catalog(route, query: query)
        case .healthService, .healthChecks, .healthState, .healthNode:
            return try await health(route, query: query)
        }
    }
}
