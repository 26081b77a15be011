import Logging
import MusterCore
import ServiceLifecycle

/// Every listener of a stack's runtime: the control API's port (held from the moment it is
/// chosen), the embedded broker's and the embedded registry's servers. The composition root
/// runs them first, waits for ``addresses(announcingTo:)``, and only then creates the supervisor.
struct RuntimeListeners {
    /// The broker, unless the stack turned it off.
    let broker: EmbeddedBroker?
    /// The registry, unless the stack turned it off.
    let registry: EmbeddedRegistry?
    /// The control API's TCP port, held until its server binds it; nil when none could be held.
    let controlPort: ControlPortReservation?

    /// The listeners `plan` asks for, the control API preferring `apiPort`; the registry's
    /// registrations are told apart by `sessions`.
    init(plan: StackPlan, apiPort: Int, logs: LogMultiplexer, sessions: InstanceSessions) {
        broker = EmbeddedBroker(plan.broker, logs: logs)
        registry = EmbeddedRegistry(plan.registry, logs: logs, sessions: sessions)
        controlPort = ControlPortReservation.reserve(preferring: apiPort)
    }

    /// The servers to run before anything else, as one service group that stops last.
    func group() -> ServiceGroup {
        let services = (broker?.services ?? []) + (registry?.services ?? [])
        return ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map {
                    .init(
                        service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup)
                }, logger: Logger(label: "muster", factory: { _ in SwiftLogNoOpLogHandler() })))
    }

    /// Waits until every server of ``group()`` listens, prints the lines naming the ports really
    /// bound, and returns the addresses services are told; throws when a server could not bind.
    func addresses(announcingTo logs: LogMultiplexer) async throws -> RuntimeAddresses {
        var components: [String: String] = [:]
        if let broker {
            components.merge(try await broker.environment()) { $1 }
            logs.system(try await broker.announcement())
        }
        if let registry {
            components.merge(try await registry.environment()) { $1 }
            logs.system(try await registry.announcement())
        }
        return RuntimeAddresses(controlAPI: "http://127.0.0.1:\(controlPort?.port ?? 0)", components: components)
    }
}
