import Logging
import MusterCore
import MusterNet
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The two bound listeners of the control API (design §6): the project's unix socket (mode 0600)
/// and loopback TCP. Bound before the stack starts, so that its address is a plain value; served
/// by a ``ControlServer``.
package final class ControlListeners: Sendable {
    /// The project directory it serves, named in error messages.
    package let projectDirectory: String
    /// The unix socket path.
    package let socketPath: String
    /// The bound TCP port on 127.0.0.1.
    package let port: Int
    /// The unix socket listener.
    let unixSocket: LoopbackHTTPListener
    /// The TCP listener.
    let tcp: LoopbackHTTPListener
    /// The socket file bound, removed at the end.
    let boundSocket: ControlBoundSocket

    private init(
        projectDirectory: String, socketPath: String, unixSocket: LoopbackHTTPListener, tcp: LoopbackHTTPListener,
        boundSocket: ControlBoundSocket
    ) {
        self.projectDirectory = projectDirectory
        self.socketPath = socketPath
        self.port = tcp.port ?? 0
        self.unixSocket = unixSocket
        self.tcp = tcp
        self.boundSocket = boundSocket
    }

    /// The loopback URL of the TCP listener (`MUSTER_API`).
    package var url: String { "http://127.0.0.1:\(port)" }

    /// Claims `socketPath` (by default the project's, ``ControlSocketLocation``) and binds it and
    /// `127.0.0.1:preferredPort` (a free port when that one is taken; 0: any port).
    ///
    /// When a Muster answers on the socket path, throws a 409 ``ControlError``; when nothing
    /// does, a stale socket file is replaced.
    package static func bind(
        projectDirectory: String, socketPath: String? = nil, preferredPort: Int = 7700,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger? = nil
    ) async throws(ControlError) -> ControlListeners {
        let logger = logger ?? ControlServer.defaultLogger
        let path: String
        if let socketPath {
            path = socketPath
        } else {
            path = try ControlSocketLocation.socketPath(forProjectDirectory: projectDirectory)
        }
        try await claim(path, projectDirectory: projectDirectory, eventLoopGroup: eventLoopGroup, logger: logger)
        let binder = LoopbackBinder(group: eventLoopGroup)
        let unixSocket: LoopbackHTTPListener
        do {
            unixSocket = try await LoopbackHTTPListener.bind(
                name: "control API", unixSocketPath: path, binder: binder, logger: logger)
        } catch {
            throw ControlError(status: 503, message: "the control API cannot listen on \(path): \(error)")
        }
        if chmod(path, 0o600) != 0 {
            logger.warning(
                "cannot make the control socket owner-only; its directory still is",
                metadata: ["path": "\(path)", "error": "\(ControlSocketProbe.reason(errno))"])
        }
        let boundSocket = ControlBoundSocket(path: path)
        boundSocket.recordInode()
        do {
            let tcp = try await LoopbackHTTPListener.bind(
                name: "control API", port: preferredPort, fallsBackToAnyPort: true, binder: binder, logger: logger)
            return ControlListeners(
                projectDirectory: projectDirectory, socketPath: path, unixSocket: unixSocket, tcp: tcp,
                boundSocket: boundSocket)
        } catch {
            await unixSocket.close()
            boundSocket.remove()
            throw ControlError(status: 503, message: "the control API cannot listen on 127.0.0.1: \(error)")
        }
    }

    /// Closes both listeners (when they were never served) and removes the socket file; idempotent.
    package func close() async {
        await unixSocket.close()
        await tcp.close()
        boundSocket.remove()
    }

    /// Refuses to start when a Muster answers on `path`; removes a stale socket file.
    private static func claim(
        _ path: String, projectDirectory: String, eventLoopGroup: any EventLoopGroup, logger: Logger
    ) async throws(ControlError) {
        switch await ControlSocketProbe.probe(path, eventLoopGroup: eventLoopGroup) {
        case .missing:
            return
        case .answering:
            throw ControlError(
                status: 409,
                message: "muster is already running for \(projectDirectory) (\(path)); "
                    + "stop it with `muster down` or use that one")
        case .stale:
            logger.debug("removing the stale control socket", metadata: ["path": "\(path)"])
            guard unlink(path) == 0 || errno == ENOENT else {
                throw ControlError(
                    status: 409,
                    message: "cannot remove the stale control socket \(path) "
                        + "(\(ControlSocketProbe.reason(errno))); remove it by hand")
            }
        case .notASocket:
            throw ControlError(
                status: 409, message: "\(path) is in the way of the control socket and is not a socket; remove it")
        case .unknown(let reason):
            throw ControlError(
                status: 409,
                message: "cannot tell whether a muster is running on \(path) (\(reason)); "
                    + "if none runs for \(projectDirectory), remove that file")
        }
    }
}
