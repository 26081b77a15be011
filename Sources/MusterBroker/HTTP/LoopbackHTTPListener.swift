import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// An HTTP/1.1 listener on 127.0.0.1 built from HummingbirdCore rather than `Application.run()`,
/// whose `Date`-header cache wakes every second: an idle Muster must not wake at all (design §10).
struct LoopbackHTTPListener: Sendable {
    /// What it serves, for logs and errors (e.g. "nsqd HTTP API").
    let name: String
    let requestedPort: Int
    let fallsBackToAnyPort: Bool
    let group: any EventLoopGroup
    let logger: Logger
    let readiness: PortReadiness

    /// Binds (on a free port when asked and the requested one is taken), then serves until graceful shutdown.
    func run(_ handle: @escaping @Sendable (Request) async -> NSQHTTPReply) async throws {
        do {
            do {
                try await serve(port: requestedPort, handle)
            } catch  where fallsBackToAnyPort && requestedPort != 0 && !readiness.isBound && !Task.isCancelled {
                logger.info("\(name): port \(requestedPort) is taken; using another")
                try await serve(port: 0, handle)
            }
        } catch {
            let failure = LoopbackHTTPError.failed(name: name, port: requestedPort, underlying: "\(error)")
            readiness.settle(.failure(failure))
            throw failure
        }
        readiness.settle(.failure(LoopbackHTTPError.stopped(name: name)))
    }

    private func serve(port: Int, _ handle: @escaping @Sendable (Request) async -> NSQHTTPReply) async throws {
        let readiness = self.readiness
        let logger = self.logger
        let name = self.name
        let server = try HTTPServerBuilder.http1().buildServer(
            configuration: ServerConfiguration(address: .hostname("127.0.0.1", port: port)),
            eventLoopGroup: group, logger: logger,
            responder: { request, responseWriter, _ in
                let response = await handle(request).response
                try await responseWriter.write(response: response.head, body: response.body)
            },
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.info("The \(name) is listening on 127.0.0.1:\(bound).")
                readiness.settle(.success(bound))
            })
        try await server.run()
    }
}

/// Errors of the broker's HTTP listeners.
public enum LoopbackHTTPError: Error, CustomStringConvertible {
    /// The listener could not be bound or failed while serving.
    case failed(name: String, port: Int, underlying: String)
    /// The listener has stopped.
    case stopped(name: String)

    /// A full-sentence description.
    public var description: String {
        switch self {
        case .failed(let name, let port, let underlying):
            "The \(name) could not serve on 127.0.0.1:\(port) (\(underlying)); choose a free port in the configuration."
        case .stopped(let name):
            "The \(name) has stopped."
        }
    }
}
