import MusterBroker
import MusterTesting

/// Runs an `NSQServer` on port 0 for the duration of `body`, then shuts it down gracefully.
func withNSQServer<R: Sendable>(
    configuration: BrokerConfiguration = BrokerConfiguration(),
    _ body: @Sendable (NSQServer, Int) async throws -> R
) async throws -> R {
    let server = try await NSQServer.bind(port: 0, configuration: configuration)
    return try await withRunningServices([server]) { try await body(server, server.port) }
}
