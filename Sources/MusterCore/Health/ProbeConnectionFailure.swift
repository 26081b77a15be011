import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a probe could not connect, as a short sentence: `connection refused on port 9002`.
enum ProbeConnectionFailure {
    /// Describes `error` from connecting to `place` (`port 9002`, or `example.test:80`).
    static func detail(of error: any Error, place: String, timeout: Duration) -> String {
        switch error {
        case let error as IOError:
            return detail(errno: error.errnoCode, place: place)
        case ChannelError.connectTimeout:
            return "connecting to \(place) timed out after \(timeout.humanReadable)"
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return "could not resolve the host of \(place)"
            }
            if let first = error.connectionErrors.first?.error {
                return detail(of: first, place: place, timeout: timeout)
            }
            return "could not connect to \(place)"
        default:
            return "could not connect to \(place): \(error)"
        }
    }

    private static func detail(errno code: Int32, place: String) -> String {
        switch code {
        case ECONNREFUSED: "connection refused on \(place)"
        case ETIMEDOUT: "connecting to \(place) timed out"
        case EHOSTUNREACH, ENETUNREACH: "\(place) is unreachable"
        default: "could not connect to \(place): \(String(cString: strerror(code)))"
        }
    }

    /// How details name a host and port: `port 9002` on 127.0.0.1, else `host:port`.
    static func place(host: String, port: Int) -> String {
        host == "127.0.0.1" ? "port \(port)" : "\(host):\(port)"
    }
}
