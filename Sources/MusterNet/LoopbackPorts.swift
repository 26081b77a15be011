#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How Muster chooses ports on 127.0.0.1. A listener of Muster's own takes its preferred port
/// when it is free, else one the kernel picks (it binds at once, so nothing can take the port
/// first). `port: auto` hands a service a port at random below the kernel's ephemeral range
/// (design §5), which the service binds later: neither outgoing connections nor the kernel's
/// picks for listeners come from there. The one kit behind every listener's fallback, the port
/// reservations and `port: auto`.
public enum LoopbackPorts {
    /// The lowest port chosen at random (below it sit many well-known services).
    public static let lowestAutoPort = 20_000

    /// How many random ports are tried before the kernel picks one.
    static let randomAttempts = 64

    /// The first port of the kernel's ephemeral range (Linux's `ip_local_port_range`; 32768
    /// elsewhere), read once per run.
    public static let ephemeralRangeStart: Int = {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8),
            let first = text.split(whereSeparator: \.isWhitespace).first.flatMap({ Int($0) })
        else { return 32768 }
        return first
    }()

    /// A port on 127.0.0.1 that was free a moment ago, chosen at random below the kernel's
    /// ephemeral range: the source ports of outgoing connections and other programs' binds to
    /// port 0 come from that range, so they cannot take the port before its user binds it.
    /// When no such port is found, the kernel picks one.
    package static func freePort() -> Result<Int, LoopbackSocket.Failure> {
        if ephemeralRangeStart - lowestAutoPort >= 1024 {
            for _ in 0..<randomAttempts {
                let candidate = Int.random(in: lowestAutoPort..<ephemeralRangeStart)
                if case .success(let socket) = LoopbackSocket.bind(port: candidate) {
                    socket.close()
                    return .success(candidate)
                }
            }
        }
        return LoopbackSocket.bind(port: 0).map { socket in
            socket.close()
            return socket.port
        }
    }

    /// Whether 127.0.0.1:`port` can be bound now (with SO_REUSEADDR, as servers bind).
    public static func canBind(_ port: Int) -> Bool {
        guard case .success(let socket) = LoopbackSocket.bind(port: port) else { return false }
        socket.close()
        return true
    }

    /// A socket of `kind` on `preferred` (0: one the kernel picks); when that is taken and
    /// `fallsBack`, on one the kernel picks, which never is a port `port: auto` handed out.
    /// Stream sockets with a `backlog` listen.
    package static func bind(
        preferring preferred: Int, fallsBack: Bool, kind: LoopbackSocket.Kind = .stream, backlog: Int32? = nil
    ) -> Result<LoopbackSocket, LoopbackSocket.Failure> {
        let first = LoopbackSocket.bind(port: preferred, kind: kind, backlog: backlog)
        guard case .failure = first, fallsBack, preferred != 0 else { return first }
        return LoopbackSocket.bind(port: 0, kind: kind, backlog: backlog)
    }
}
