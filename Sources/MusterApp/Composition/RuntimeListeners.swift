import MusterCore
import NIOCore

/// Every listener of a stack's runtime, bound before anything else: the control API's unix
/// socket and TCP port, the embedded broker's servers and the embedded registry's. The
/// composition root binds them, makes ``addresses`` from the ports really bound, and only then
/// creates the supervisor.
struct RuntimeListeners: Sendable {
    /// The control API's sockets; served once the supervisor exists.
    let control: ControlListeners
    /// The broker, unless the stack turned it off.
    let broker: EmbeddedBroker?
    /// The registry, unless the stack turned it off.
    let registry: EmbeddedRegistry?

    /// Binds what `plan` asks for, the control API preferring `apiPort`; the registry tells the
    /// processes of instances apart by `sessions`. Refuses (a 409 ``ControlError``) when a Muster
    /// already runs for the project. When a later bind fails, the control socket is removed again
    /// (the other sockets close as Muster exits with the error).
    static func bind(
        plan: StackPlan, apiPort: Int, logs: LogMultiplexer, sessions: InstanceSessions,
        eventLoops: any EventLoopGroup
    ) async throws -> RuntimeListeners {
        let control = try await ControlListeners.bind(
            projectDirectory: plan.directory, preferredPort: apiPort, eventLoopGroup: eventLoops)
        do {
            let broker = try await EmbeddedBroker.bind(plan.broker, logs: logs)
            let registry = try await EmbeddedRegistry.bind(plan.registry, logs: logs, sessions: sessions)
            return RuntimeListeners(control: control, broker: broker, registry: registry)
        } catch {
            await control.close()
            throw error
        }
    }

    /// Where they listen: what every instance and every command beside the stack is told.
    var addresses: RuntimeAddresses {
        let components = (broker?.environment ?? [:]).merging(registry?.environment ?? [:]) { $1 }
        return RuntimeAddresses(controlAPI: control.url, components: components)
    }

    /// The lines naming the ports really bound, one per embedded component.
    var announcements: [String] {
        [broker?.announcement, registry?.announcement].compactMap { $0 }
    }
}
