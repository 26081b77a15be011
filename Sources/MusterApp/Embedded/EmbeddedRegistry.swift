import MusterCore
import MusterRegistry
import ServiceLifecycle

/// The registry a stack runs before any service (design §5): the Consul-compatible HTTP API and
/// DNS responder on their standard ports or free ones when those are taken, the addresses every
/// service is told, and
/// the registrar that keeps every supervised instance registered with its real health.
struct EmbeddedRegistry: Sendable {
    let registry: Registry
    let http: ConsulHTTPServer
    let dns: DNSServer
    /// The preferred ports, for the announcement.
    private let ports: ListenerPorts

    /// Binds a registry for `setting`, or returns nil when it is off; what it logs goes through `logs`.
    /// Registrations from processes of `supervisor`'s instances are owned by those instances.
    static func bind(
        _ setting: StackDefinition.ComponentSetting, logs: LogMultiplexer, supervisor: Supervisor? = nil
    ) async throws -> EmbeddedRegistry? {
        guard case .enabled(let wanted) = setting else { return nil }
        let ports = ListenerPorts([
            ("HTTP", wanted["http_port"] ?? 8500), ("DNS", wanted["dns_port"] ?? DNSServer.standardPort),
        ])
        let logger = SystemLineLogHandler.logger(label: "muster.registry", logs: logs)
        let registry = Registry()
        var registrant: ConsulHTTPServer.RegistrantLocator?
        if let supervisor {
            let locator = RegistrantLocator(supervisor: supervisor)
            registrant = { clientPort, serverPort in await locator.owner(clientPort: clientPort, serverPort: serverPort)
            }
        }
        let http = try await ConsulHTTPServer.bind(
            registry: registry, port: ports.preferred[0], fallsBackToAnyPort: true, logger: logger,
            registrant: registrant)
        let dns = try await DNSServer.bind(
            port: ports.preferred[1], fallsBackToAnyPort: true, directory: registry, logger: logger)
        return EmbeddedRegistry(registry: registry, http: http, dns: dns, ports: ports)
    }

    /// Its listeners, in start order.
    var services: [any Service] { [http, dns] }

    /// Its listeners and, for a stack, the registrar of `supervisor`'s instances, for the stack's
    /// service group (before the supervisor, so they stop after it).
    func groupServices(plan: StackPlan, supervisor: Supervisor) async -> [ServiceGroupConfiguration
        .ServiceConfiguration]
    {
        let registrar = InstanceRegistrar(
            registry: registry, project: plan.project, instances: plan.instances,
            changes: await supervisor.stateChanges())
        let listeners: [ServiceGroupConfiguration.ServiceConfiguration] = services.map {
            .init(
                service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup)
        }
        return listeners + [.init(service: registrar)]
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
