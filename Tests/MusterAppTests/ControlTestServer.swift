import Logging
import MusterCore
import MusterTesting
import ServiceLifecycle

@testable import MusterApp

/// A real ``ControlServer`` on a temporary socket and a kernel-chosen TCP port, run in a
/// `ServiceGroup` for the length of a test, with a ``ControlTestPlane`` behind it.
struct ControlTestServer: Sendable {
    /// The server.
    let server: ControlServer
    /// The plane behind it.
    let plane: ControlTestPlane
    /// The TCP port it bound.
    let port: Int
    /// A client on its unix socket.
    let client: ControlClient
    /// The group running it, for graceful shutdown.
    let group: ServiceGroup

    /// The unix socket path.
    var socketPath: String { server.socketPath }

    /// Runs `body` with a running server; shuts it down gracefully afterwards and returns once it stopped.
    static func with(
        directory: TemporaryDirectory? = nil, keepAliveInterval: Duration = .seconds(15),
        _ body: (ControlTestServer) async throws -> Void
    ) async throws {
        let temporary = try directory ?? TemporaryDirectory()
        defer { if directory == nil { temporary.remove() } }
        let plane = ControlTestPlane()
        let listeners = try await ControlListeners.bind(
            projectDirectory: temporary.path, socketPath: temporary.path + "/control.sock", preferredPort: 0)
        let server = ControlServer(plane: plane, listeners: listeners, keepAliveInterval: keepAliveInterval)
        let group = ServiceGroup(services: [server], logger: Logger(label: "control-test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let port = listeners.port
                let running = ControlTestServer(
                    server: server, plane: plane, port: port, client: ControlClient(socketPath: server.socketPath),
                    group: group)
                try await body(running)
            } catch {
                tasks.cancelAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
