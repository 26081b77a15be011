#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP port on 127.0.0.1 held by a bound socket that does not listen: connections to it are
/// refused, and no other test can take it, until `listen()` makes it accept.
final class HealthReservedPort {
    /// The port.
    let port: Int
    private let descriptor: Int32

    /// Reserves a port of the kernel's choosing.
    init() throws {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            let failure = ReservationFailed(errorNumber: errno)
            close(descriptor)
            throw failure
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// From now on, connections to the port are accepted (by the kernel; nobody reads them).
    func listen() {
        #if canImport(Glibc)
            _ = Glibc.listen(descriptor, 16)
        #else
            _ = Darwin.listen(descriptor, 16)
        #endif
    }

    deinit {
        close(descriptor)
    }

    /// The socket could not be bound.
    struct ReservationFailed: Error {
        var errorNumber: Int32
    }
}
