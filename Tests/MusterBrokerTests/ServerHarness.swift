import Logging
import MusterBroker
import ServiceLifecycle

/// Runs an `NSQServer` on port 0 for the duration of `body`, then shuts it down gracefully.
func withNSQServer<R: Sendable>(
    configuration: BrokerConfiguration = BrokerConfiguration(),
    _ body: @Sendable (NSQServer, Int) async throws -> R
) async throws -> R {
    let server = NSQServer(port: 0, configuration: configuration)
    let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let port = try await server.boundPort()
        do {
            let result = try await body(server, port)
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
