import Hummingbird
import HummingbirdCore
import Logging
import MusterCore
import MusterNet
import NIOCore
import ServiceLifecycle

/// The control API of a running Muster (design §6): the routes of ``ControlPlane`` served over
/// HTTP/1.1 on the ``ControlListeners`` bound before (the project's unix socket and loopback TCP).
///
/// Graceful shutdown stops both listeners, ends streaming answers (`/v1/logs?follow=true`,
/// `/v1/events`) and removes the socket file.
package final class ControlServer: Service {
    /// The largest request body the control API reads (64 KiB); larger ones get 413.
    package static let maximumBodySize = 64 * 1024

    /// The listeners it serves.
    package let listeners: ControlListeners
    let routes: ControlRoutes
    let logger: Logger

    /// The unix socket path it serves on.
    package var socketPath: String { listeners.socketPath }
    /// The project directory it serves, named in error messages.
    package var projectDirectory: String { listeners.projectDirectory }

    /// A server for `plane` on `listeners`.
    ///
    /// - Parameters:
    ///   - keepAliveInterval: how often `GET /v1/events` sends a `: keep-alive` comment.
    ///   - logger: Hummingbird's and the server's logger; by default only warnings and errors.
    package init(
        plane: any ControlPlane, listeners: ControlListeners, keepAliveInterval: Duration = .seconds(15),
        logger: Logger? = nil
    ) {
        self.listeners = listeners
        self.routes = ControlRoutes(plane: plane, keepAliveInterval: keepAliveInterval)
        self.logger = logger ?? Self.defaultLogger
    }

    /// Serves on both listeners until graceful shutdown or cancellation, then removes the socket file.
    package func run() async throws {
        let responder = routes.makeRouter().buildResponder()
        let logger = self.logger
        let serve: HTTPChannelHandler.Responder = { request, responseWriter, channel in
            let context = ControlRequestContext(
                source: ApplicationRequestContextSource(channel: channel, logger: logger))
            let response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch {
                response = Response(status: .internalServerError)
            }
            try await responseWriter.write(response: response.head, body: response.body)
        }
        let listeners = self.listeners
        await withDiscardingTaskGroup { group in
            group.addTask { await listeners.unixSocket.serve(responder: serve) }
            group.addTask { await listeners.tcp.serve(responder: serve) }
        }
        listeners.boundSocket.remove()
    }

    /// Warnings and errors only.
    static var defaultLogger: Logger {
        var logger = Logger(label: "muster.control")
        logger.logLevel = .warning
        return logger
    }
}
