import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds out whether something listens on a unix socket path, by connecting to it.
package enum ControlSocketProbe {
    /// What is at the path.
    package enum Finding: Sendable, Equatable {
        /// Nothing: the path does not exist.
        case missing
        /// A listener accepted the connection.
        case answering
        /// A socket file nobody listens on: left behind by a process that died.
        case stale
        /// A file that is not a socket.
        case notASocket
        /// A socket whose state could not be told, with the reason.
        case unknown(String)
    }

    /// Connects to `path` and closes the connection at once.
    package static func probe(_ path: String, eventLoopGroup: any EventLoopGroup) async -> Finding {
        var info = stat()
        guard lstat(path, &info) == 0 else { return errno == ENOENT ? .missing : .unknown(Self.reason(errno)) }
        guard info.st_mode & S_IFMT == S_IFSOCK else { return .notASocket }
        do {
            let channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(.seconds(2))
                .connect(unixDomainSocketPath: path).get()
            try? await channel.close()
            return .answering
        } catch let error as IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return .stale
            case ENOENT: return .missing
            default: return .unknown(Self.reason(error.errnoCode))
            }
        } catch {
            return .unknown("\(error)")
        }
    }

    /// The C library's sentence for `code`.
    package static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
