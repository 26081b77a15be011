import MusterCore
import MusterRegistry
import ServiceLifecycle

/// The registry a stack runs before any service (design §5): the Consul-compatible HTTP API and
/// DNS responder bound on their standard ports or on free ones when those are taken, its check
/// scheduler, the addresses every service is told, and the registrar that keeps every supervised
/// instance registered with its real health.
struct EmbeddedRegistry: Sendable {
    let registry: Registry
    let http: ConsulHTTPServer
    let dns: DNSServer
    let checks: CheckScheduler
    /// Which instance runs which process session, for a stack's registry; nil for `muster registry`.
    let sessions: InstanceSessions?
    /// The preferred ports, for the announcement.
    private let ports: ListenerPorts

    /// Binds a registry for `setting`, or returns nil when it is off; what it logs goes through
    /// `logs`. With `sessions`, registrations from the processes of a stack's instances are owned
    /// by them.
    static func bind(
        _ setting: StackDefinition.ComponentSetting, logs: LogMultiplexer, sessions: InstanceSessions? = nil
    ) async throws -> EmbeddedRegistry? {
        guard case .enabled(let wanted) = setting else { return nil }
        let ports = ListenerPorts([
            ("HTTP", wanted["http_port"] ?? 8500), ("DNS", wanted["dns_port"] ?? DNSServer.standardPort),
        ])
        let logger = SystemLineLogHandler.logger(label: "muster.registry", logs: logs)
        let registry = Registry()
        var registrant: ConsulHTTPServer.RegistrantLocator?
        if let sessions {
            let locator = RegistrantLocator(sessions: sessions)
            registrant = { clientPort, serverPort in await locator.owner(clientPort: clientPort, serverPort: serverPort)
            }
        }
        let http = try await ConsulHTTPServer.bind(
            registry: registry, port: ports.preferred[0], fallsBackToAnyPort: true, logger: logger,
            registrant: registrant)
        let dns = try await DNSServer.bind(
            port: ports.preferred[1], fallsBackToAnyPort: true, directory: registry, logger: logger)
        return EmbeddedRegistry(
            registry: registry, http: http, dns: dns, checks: CheckScheduler(registry: registry), sessions: sessions,
            ports: ports)
    }

    /// Its listeners and its check scheduler, in start order: the scheduler stops first and
    /// answers parked blocking queries, so that the HTTP API can drain.
    var services: [any Service] { [http, dns, checks] }

    /// The registrar of a stack's instances, following `transitions` of its supervisor.
    func registrar(plan: StackPlan, transitions: AsyncStream<InstanceTransition>) -> InstanceRegistrar {
        InstanceRegistrar(
            registry: registry, project: plan.project, instances: plan.instances, changes: transitions,
            sessions: sessions)
    }

    /// The line Muster prints about it, naming the ports it really has.
    var announcement: String {
        ports.announcement("registry (Consul)", bound: [http.port, dns.port], likelyTaker: "a real Consul")
    }

    /// What services are told (design §5).
    var environment: [String: String] {
        [
            "CONSUL_HTTP_ADDR": "127.0.0.1:\(http.port)",
            "MUSTER_DNS_ADDR": "127.0.0.1:\(dns.port)",
        ]
    }
}
