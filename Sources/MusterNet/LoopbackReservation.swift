import Synchronization

/// A port on 127.0.0.1 held by a listening, close-on-exec socket from the moment Muster chooses
/// it until its user binds it: without the hold, another program could take the port in between.
public final class LoopbackReservation: Sendable {
    /// The reserved port.
    public let port: Int
    private let socket: Mutex<LoopbackSocket?>

    private init(_ socket: LoopbackSocket) {
        port = socket.port
        self.socket = Mutex(socket)
    }

    /// Holds `preferred` when it is free, else a free port below the kernel's ephemeral range
    /// (design §5: a taken default port is replaced, not fatal), else one the kernel picks; nil
    /// only when no socket can be bound at all.
    public static func reserve(preferring preferred: Int) -> LoopbackReservation? {
        guard case .success(let socket) = LoopbackPorts.bind(preferring: preferred, fallsBack: true, backlog: 1)
        else { return nil }
        return LoopbackReservation(socket)
    }

    /// Closes the holding socket (once), right before the port's user binds it. A client that
    /// connected to it in the meantime is reset, as it would have been refused without the hold.
    public func release() {
        socket.withLock { held in
            held?.close()
            held = nil
        }
    }

    deinit { release() }
}
