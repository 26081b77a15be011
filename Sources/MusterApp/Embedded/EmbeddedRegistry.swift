import MusterCore
import MusterRegistry
import ServiceLifecycle

/// The registry a stack runs before any service (design §5): the Consul-compatible HTTP API and
/// DNS responder on their standard ports or free ones when those are taken, the addresses every
/// service is told, and
/// the registrar that keeps every supervised instance registered with its real health.
struct EmbeddedRegistry {
    let registry: Registry
    let http: ConsulHTTPServer
    let dns: DNSServer
    let checks: CheckScheduler
    /// Preferred ports and the ones chosen for the bind.
    private let ports: ListenerPorts

    /// Which instance runs which process session, for a stack's registry; nil for `muster registry`.
    let sessions: InstanceSessions?

    /// A registry for `setting`, or nil when it is off; what it logs goes through `logs`. With
    /// `sessions`, registrations from the processes of a stack's instances are owned by them.
    init?(_ setting: StackDefinition.ComponentSetting, logs: LogMultiplexer, sessions: InstanceSessions? = nil) {
        guard case .enabled(let wanted) = setting else { return nil }
        ports = ListenerPorts([
            ("HTTP", wanted["http_port"] ?? 8500), ("DNS", wanted["dns_port"] ?? DNSServer.standardPort),
        ])
        let logger = SystemLineLogHandler.logger(label: "muster.registry", logs: logs)
        registry = Registry()
        self.sessions = sessions
        var registrant: ConsulHTTPServer.RegistrantLocator?
        if let sessions {
            let locator = RegistrantLocator(sessions: sessions)
            registrant = { clientPort, serverPort in await locator.owner(clientPort: clientPort, serverPort: serverPort)
            }
        }
        http = ConsulHTTPServer(
            registry: registry, port: ports.chosen[0], fallsBackToAnyPort: true, logger: logger, registrant: registrant)
        dns = DNSServer(port: ports.chosen[1], fallsBackToAnyPort: true, directory: registry, logger: logger)
        checks = CheckScheduler(registry: registry)
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

    /// The line Muster prints about it once it listens, naming the ports it really has: a port
    /// that was free when chosen may have been taken before the bind, and then another is used.
    func announcement() async throws -> String {
        let bound = [try await http.boundPort(), try await dns.boundPort()]
        return ports.announcement("registry (Consul)", bound: bound, likelyTaker: "a real Consul")
    }

    /// Waits until it listens, then returns what services are told (design §5).
    func environment() async throws -> [String: String] {
        [
            "CONSUL_HTTP_ADDR": "127.0.0.1:\(try await http.boundPort())",
            "MUSTER_DNS_ADDR": "127.0.0.1:\(try await dns.boundPort())",
        ]
    }
}
