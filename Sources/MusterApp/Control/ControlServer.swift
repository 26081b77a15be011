import Hummingbird
import Logging
import MusterCore
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The control API of a running Muster (design §6): the routes of ``ControlPlane`` served over
/// HTTP/1.1 on the project's unix socket (mode 0600) and on loopback TCP.
///
/// Run it in the stack's `ServiceGroup`; ``boundPort()`` tells the TCP port once both listeners
/// are up. Before binding, a socket file left at ``socketPath`` is probed: when a Muster answers
/// on it, `run()` throws a 409 ``ControlError``; when nothing does, the stale file is replaced.
/// Graceful shutdown stops both listeners, ends streaming answers (`/v1/logs?follow=true`,
/// `/v1/events`) and removes the socket file.
public final class ControlServer: Service {
    /// The largest request body the control API reads (64 KiB); larger ones get 413.
    public static let maximumBodySize = 64 * 1024

    /// The unix socket path it serves on.
    public let socketPath: String
    /// The project directory it serves, named in error messages.
    public let projectDirectory: String
    /// The TCP port it tries first; when taken, the kernel picks one.
    public let preferredPort: Int
    /// Holds ``preferredPort`` until the TCP listener binds it.
    let portReservation: ControlPortReservation?

    let routes: ControlRoutes
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let readiness = ControlServerReadiness()

    /// A server for `plane` on `socketPath` and `127.0.0.1:preferredPort` (port 0: any free port).
    ///
    /// - Parameters:
    ///   - portReservation: the port to serve on, held until the listener binds it; when given,
    ///     `preferredPort` is its port.
    ///   - keepAliveInterval: how often `GET /v1/events` sends a `: keep-alive` comment.
    ///   - logger: Hummingbird's and the server's logger; by default only warnings and errors.
    public init(
        plane: any ControlPlane, projectDirectory: String, socketPath: String, preferredPort: Int = 7700,
        portReservation: ControlPortReservation? = nil, keepAliveInterval: Duration = .seconds(15),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger? = nil
    ) {
        self.socketPath = socketPath
        self.projectDirectory = projectDirectory
        self.preferredPort = portReservation?.port ?? preferredPort
        self.portReservation = portReservation
        self.routes = ControlRoutes(plane: plane, keepAliveInterval: keepAliveInterval)
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger ?? Self.defaultLogger
    }

    /// A server for `plane` on the project's socket (``ControlSocketLocation``) and
    /// `127.0.0.1:preferredPort`.
    public convenience init(
        plane: any ControlPlane, projectDirectory: String, preferredPort: Int = 7700, logger: Logger? = nil
    ) throws(ControlError) {
        self.init(
            plane: plane, projectDirectory: projectDirectory,
            socketPath: try ControlSocketLocation.socketPath(forProjectDirectory: projectDirectory),
            preferredPort: preferredPort, logger: logger)
    }

    /// The TCP port, once both listeners are bound; throws the reason when `run()` failed or the
    /// server has stopped. Waits while `run()` has not been called.
    public func boundPort() async throws(ControlError) -> Int {
        try await readiness.port()
    }

    /// The loopback URL of the TCP listener (`MUSTER_API`), once both listeners are bound.
    public func url() async throws(ControlError) -> String {
        "http://127.0.0.1:\(try await boundPort())"
    }

    /// Claims the socket path, serves on both listeners until graceful shutdown or cancellation,
    /// then removes the socket file.
    public func run() async throws {
        do {
            try await claimSocketPath()
        } catch {
            portReservation?.release()
            readiness.fail(error)
            throw error
        }
        let responder = routes.makeRouter().buildResponder()
        let boundSocket = ControlBoundSocket(path: socketPath)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.serveUnixSocket(responder, boundSocket: boundSocket) }
                group.addTask { try await self.serveTCP(responder) }
                try await group.waitForAll()
            }
        } catch {
            boundSocket.remove()
            readiness.fail(ControlError(status: 503, message: "the control API failed: \(error)"))
            throw error
        }
        boundSocket.remove()
        readiness.fail(ControlError(status: 503, message: "the control API of \(projectDirectory) has stopped"))
    }

    private static var defaultLogger: Logger {
        var logger = Logger(label: "muster.control")
        logger.logLevel = .warning
        return logger
    }
}
