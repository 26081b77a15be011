import MusterRegistry
import ServiceLifecycle

/// The registry a stack runs before any service (design §5): the Consul-compatible HTTP API on
/// its standard port or a free one when that is taken, the address every service is told, and
/// the registrar that keeps every supervised instance registered with its real health.
struct EmbeddedRegistry {
    let registry: Registry
    let http: ConsulHTTPServer
    /// Preferred and chosen ports, by role, for the announcement.
    private let ports: [(role: String, preferred: Int, chosen: Int)]

    /// A registry for `setting`, or nil when it is off; what it logs goes through `logs`.
    /// Registrations from processes of `supervisor`'s instances are owned by those instances.
    init?(_ setting: StackDefinition.ComponentSetting, logs: LogMultiplexer, supervisor: Supervisor? = nil) {
        guard case .enabled(let wanted) = setting else { return nil }
        let preferred = wanted["http_port"] ?? 8500
        ports = [("HTTP", preferred, ControlServer.availablePort(preferring: preferred))]
        // The DNS responder (dns_port, default 8600) joins here, with MUSTER_DNS_ADDR in `environment()`.
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
    }

    /// Its listeners, in start order.
    var services: [any Service] { [http] }

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

    /// The line Muster prints about it.
    var announcement: String {
        let moved = ports.filter { $0.preferred != $0.chosen }.map { "\($0.preferred)" }
        let note =
            moved.isEmpty ? "" : "; port \(moved.joined(separator: ", ")) taken (a real Consul?), so a free one is used"
        return "registry (Consul) on 127.0.0.1: HTTP \(ports[0].chosen)\(note)"
    }

    /// Waits until it listens, then returns what services are told (design §5).
    func environment() async throws -> [String: String] {
        // MUSTER_DNS_ADDR is added here once the DNS responder runs.
        ["CONSUL_HTTP_ADDR": "127.0.0.1:\(try await http.boundPort())"]
    }
}
