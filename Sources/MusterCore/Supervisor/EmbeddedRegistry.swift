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
    /// Preferred ports and the ones chosen for the bind, by role.
    private let ports: [(role: String, preferred: Int, chosen: Int)]

    /// A registry for `setting`, or nil when it is off; what it logs goes through `logs`.
    /// Registrations from processes of `supervisor`'s instances are owned by those instances.
    init?(_ setting: StackDefinition.ComponentSetting, logs: LogMultiplexer, supervisor: Supervisor? = nil) {
        guard case .enabled(let wanted) = setting else { return nil }
        ports = [("HTTP", wanted["http_port"] ?? 8500), ("DNS", wanted["dns_port"] ?? DNSServer.standardPort)].map {
            ($0.0, $0.1, ControlServer.availablePort(preferring: $0.1))
        }
        let logger = SystemLineLogHandler.logger(label: "muster.registry", logs: logs)
        registry = Registry()
        var registrant: ConsulHTTPServer.RegistrantLocator?
        if let supervisor {
            let locator = RegistrantLocator(supervisor: supervisor)
            registrant = { clientPort, serverPort in await locator.owner(clientPort: clientPort, serverPort: serverPort)
            }
        }
        http = ConsulHTTPServer(
            registry: registry, port: ports[0].chosen, fallsBackToAnyPort: true, logger: logger, registrant: registrant)
        dns = DNSServer(port: ports[1].chosen, fallsBackToAnyPort: true, directory: registry, logger: logger)
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

    /// The line Muster prints about it once it listens, naming the ports it really has: a port
    /// that was free when chosen may have been taken before the bind, and then another is used.
    func announcement() async throws -> String {
        let bound = [try await http.boundPort(), try await dns.boundPort()]
        let moved = zip(ports, bound).filter { $0.0.preferred != $0.1 }.map { "\($0.0.preferred)" }
        let note =
            moved.isEmpty ? "" : "; port \(moved.joined(separator: ", ")) taken (a real Consul?), so free ones are used"
        return "registry (Consul) on 127.0.0.1: HTTP \(bound[0]), DNS \(bound[1])\(note)"
    }

    /// Waits until it listens, then returns what services are told (design §5).
    func environment() async throws -> [String: String] {
        [
            "CONSUL_HTTP_ADDR": "127.0.0.1:\(try await http.boundPort())",
            "MUSTER_DNS_ADDR": "127.0.0.1:\(try await dns.boundPort())",
        ]
    }
}
