#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP or UDP socket bound to 127.0.0.1 with SO_REUSEADDR and close-on-exec, as servers bind:
/// the primitive behind every listener of Muster, its port reservations and its free-port checks.
package struct LoopbackSocket: Sendable {
    /// Stream (TCP) or datagram (UDP).
    package enum Kind: Sendable {
        /// A TCP socket.
        case stream
        /// A UDP socket.
        case datagram
    }

    /// The open descriptor; the caller closes it (or hands it to SwiftNIO, which then does).
    package let descriptor: Int32
    /// The bound port (the kernel's choice when 0 was asked for).
    package let port: Int

    /// A failed system call, for error messages.
    package struct Failure: Error, CustomStringConvertible {
        /// The call that failed (`socket`, `bind`, `listen`, `getsockname`).
        package let call: String
        /// Its errno.
        package let number: Int32

        /// "bind: Address already in use".
        package var description: String { "\(call): \(String(cString: strerror(number)))" }
    }

    /// Binds 127.0.0.1:`port` (0: the kernel picks one) and, for a stream socket with a
    /// `backlog`, listens on it; nothing is left open when it fails.
    package static func bind(port: Int, kind: Kind = .stream, backlog: Int32? = nil) -> Result<LoopbackSocket, Failure>
    {
        // Close-on-exec from the start: a child spawned meanwhile by another thread must not
        // inherit the socket, or the port would stay taken after it is closed here.
        let type: Int32 = kind == .stream ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, type, 0)
            if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        #endif
        guard descriptor >= 0 else { return .failure(Failure(call: "socket", number: errno)) }
        func fail(_ call: String) -> Result<LoopbackSocket, Failure> {
            let number = errno
            systemClose(descriptor)
            return .failure(Failure(call: call, number: number))
        }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { systemBind(descriptor, $0, length) }
        }
        guard bound == 0 else { return fail("bind") }
        if let backlog, kind == .stream, listen(descriptor, backlog) != 0 { return fail("listen") }
        guard port == 0 else { return .success(LoopbackSocket(descriptor: descriptor, port: port)) }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return fail("getsockname") }
        return .success(LoopbackSocket(descriptor: descriptor, port: Int(UInt16(bigEndian: address.sin_port))))
    }

    /// Closes the descriptor.
    package func close() {
        systemClose(descriptor)
    }
}

/// bind(2), under a name that the static `LoopbackSocket.bind` does not shadow.
private func systemBind(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    bind(descriptor, address, length)
}

/// close(2), under a name that `LoopbackSocket.close` does not shadow.
private func systemClose(_ descriptor: Int32) {
    _ = close(descriptor)
}
