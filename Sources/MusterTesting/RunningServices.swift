import Logging
import ServiceLifecycle

/// Runs `services` as one service group for the duration of `body`, then shuts them down
/// gracefully, also when `body` throws.
public func withRunningServices<R: Sendable>(
    _ services: [any Service], _ body: @Sendable () async throws -> R
) async throws -> R {
    let group = ServiceGroup(services: services, logger: Logger(label: "test"))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}
