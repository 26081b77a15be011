import MusterCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The control API's TCP port, held by a listening socket from the moment Muster chooses it (and
/// injects it as `MUSTER_API`) until ``ControlServer`` binds it. The API comes up only after the
/// first services are spawned; without the hold, another program (or a second Muster starting in
/// the same instant) could take the port in between, and those services would be left with the
/// address of somebody else's listener.
public final class ControlPortReservation: Sendable {
    /// The reserved port on 127.0.0.1.
    public let port: Int
    private let descriptor: Mutex<Int32?>

    private init(_ socket: LoopbackSocket) {
        port = socket.port
        descriptor = Mutex(socket.descriptor)
    }

    /// Holds `preferred` when it is free, else a free port below the kernel's ephemeral range
    /// (design §5: a taken default port is replaced, not fatal), else one the kernel picks; nil
    /// only when no socket can be bound at all.
    public static func reserve(preferring preferred: Int) -> ControlPortReservation? {
        if case .success(let socket) = LoopbackSocket.bind(port: preferred, listening: true) {
            return ControlPortReservation(socket)
        }
        for _ in 0..<8 {
            guard let candidate = try? StackPlanner.freeLoopbackPort(),
                case .success(let socket) = LoopbackSocket.bind(port: candidate, listening: true)
            else { continue }
            return ControlPortReservation(socket)
        }
        guard case .success(let socket) = LoopbackSocket.bind(port: 0, listening: true) else { return nil }
        return ControlPortReservation(socket)
    }

    /// Closes the holding socket (once), right before the server binds the port. A client that
    /// connected to it in the meantime is reset, as it would have been refused without the hold.
    public func release() {
        guard
            let open = descriptor.withLock({ value -> Int32? in
                defer { value = nil }; return value
            })
        else { return }
        close(open)
    }

    deinit { release() }
}
