import Hummingbird
import HummingbirdCore
import MusterCore
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ControlServer {
    /// Refuses to start when a Muster answers on the socket path; removes a stale socket file.
    func claimSocketPath() async throws(ControlError) {
        switch await ControlSocketProbe.probe(socketPath, eventLoopGroup: eventLoopGroup) {
        case .missing:
            return
        case .answering:
            throw ControlError(
                status: 409,
                message: "muster is already running for \(projectDirectory) (\(socketPath)); "
                    + "stop it with `muster down` or use that one")
        case .stale:
            logger.debug("removing the stale control socket", metadata: ["path": "\(socketPath)"])
            guard unlink(socketPath) == 0 || errno == ENOENT else {
                throw ControlError(
                    status: 409,
                    message: "cannot remove the stale control socket \(socketPath) "
                        + "(\(ControlSocketProbe.reason(errno))); remove it by hand")
            }
        case .notASocket:
            throw ControlError(
                status: 409,
                message: "\(socketPath) is in the way of the control socket and is not a socket; remove it")
        case .unknown(let reason):
            throw ControlError(
                status: 409,
                message: "cannot tell whether a muster is running on \(socketPath) (\(reason)); "
                    + "if none runs for \(projectDirectory), remove that file")
        }
    }

    /// Serves on the unix socket, made 0600 as soon as it is bound.
    func serveUnixSocket<Responder: HTTPResponder>(
        _ responder: Responder, boundSocket: ControlBoundSocket
    ) async throws where Responder.Context == ControlRequestContext {
        let readiness = self.readiness
        let path = socketPath
        let logger = self.logger
        try await serve(responder, at: .unixDomainSocket(path: path)) { _ in
            if chmod(path, 0o600) != 0 {
                logger.warning(
                    "cannot make the control socket owner-only; its directory still is",
                    metadata: ["path": "\(path)", "error": "\(ControlSocketProbe.reason(errno))"])
            }
            boundSocket.recordInode()
            readiness.unixSocketBound()
        }
    }

    /// Serves on `127.0.0.1:preferredPort` (releasing its reservation just before binding it), or
    /// on a port the kernel picks when that one cannot be bound.
    ///
    /// A reserved port is retried for up to about 100 ms first: a child that another thread was
    /// spawning when the reservation closed holds a copy of its socket until its `exec` closes
    /// it, and the port is ours, so it frees up as soon as that exec happens.
    func serveTCP<Responder: HTTPResponder>(_ responder: Responder) async throws
    where Responder.Context == ControlRequestContext {
        var retries = portReservation == nil ? 0 : 20
        portReservation?.release()
        while true {
            do {
                return try await serveTCP(responder, port: preferredPort)
            } catch let error where !readiness.isTCPBound && preferredPort != 0 && !Task.isCancelled {
                if retries > 0 {
                    retries -= 1
                    try await Task.sleep(for: .milliseconds(5))
                    continue
                }
                logger.info(
                    "the control port is taken; using another",
                    metadata: ["port": "\(preferredPort)", "error": "\(error)"])
                return try await serveTCP(responder, port: 0)
            }
        }
    }

    private func serveTCP<Responder: HTTPResponder>(
        _ responder: Responder, port: Int
    ) async throws where Responder.Context == ControlRequestContext {
        let readiness = self.readiness
        try await serve(responder, at: .hostname("127.0.0.1", port: port)) { channel in
            readiness.tcpBound(port: channel.localAddress?.port ?? port)
        }
    }

    /// Serves HTTP/1.1 at `address` until graceful shutdown. Built from HummingbirdCore rather
    /// than `Application.run()`, which also runs a `Date`-header cache that wakes every second:
    /// an idle Muster must not wake at all (design §10), and the control API needs no `Date`.
    private func serve<Responder: HTTPResponder>(
        _ responder: Responder, at address: BindAddress,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void
    ) async throws where Responder.Context == ControlRequestContext {
        let logger = self.logger
        let server = try HTTPServerBuilder.http1().buildServer(
            configuration: ServerConfiguration(address: address), eventLoopGroup: eventLoopGroup, logger: logger,
            responder: { request, responseWriter, channel in
                let context = ControlRequestContext(
                    source: ApplicationRequestContextSource(channel: channel, logger: logger))
                let response: Response
                do {
                    response = try await responder.respond(to: request, context: context)
                } catch {
                    response = Response(status: .internalServerError)
                }
                try await responseWriter.write(response: response.head, body: response.body)
            },
            onServerRunning: onServerRunning)
        try await server.run()
    }
}
