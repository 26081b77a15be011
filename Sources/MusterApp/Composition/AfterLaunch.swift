import MusterCore
import ServiceLifecycle

/// Runs a service once the supervisor has spawned its first batch of instances, so bringing
/// up the control API never delays the services themselves; a stack that stops before that
/// never starts it.
struct AfterLaunch<Wrapped: Service>: Service {
    let wrapped: Wrapped
    let supervisor: Supervisor

    init(_ wrapped: Wrapped, supervisor: Supervisor) {
        self.wrapped = wrapped
        self.supervisor = supervisor
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { await supervisor.waitUntilLaunched() }
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
        try await wrapped.run()
    }
}
