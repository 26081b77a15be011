#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking TCP connection used by exactly one thread at a time (handed over by thread start and join).
final class BlockingSocket: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `address` (`host:port`) with TCP_NODELAY, like the nsq bench tools.
    init(address: String) throws {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...])
        else { throw BenchError("The address \(address) is not host:port; pass e.g. --nsqd-tcp 127.0.0.1:4150.") }
        let host = String(address[..<colon])
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Self.streamType
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else {
            throw BenchError("The host \(host) could not be resolved; pass an IP address or a known host name.")
        }
        defer { freeaddrinfo(found) }
        descriptor = socket(first.pointee.ai_family, Self.streamType, 0)
        guard descriptor >= 0 else { throw BenchError.system("socket") }
        guard connect(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let error = BenchError.system("connect to \(address)")
            close(descriptor)
            throw error
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    private static var streamType: Int32 {
        #if canImport(Glibc)
            Int32(SOCK_STREAM.rawValue)
        #else
            SOCK_STREAM
        #endif
    }

    /// Writes every byte, retrying short writes.
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }  // empty: nothing to write
        var offset = 0
        while offset < bytes.count {
            let written = send(descriptor, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if written < 0 {
                if errno == EINTR { continue }
                throw BenchError.system("send")
            }
            offset += written
        }
    }

    /// Writes every byte of `bytes`.
    func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAll($0) }
    }

    /// Reads what is available (blocking until something is, unless `wait` is false); 0 means end of stream,
    /// `nil` means nothing arrived (non-blocking read, or the receive timeout expired).
    func read(into buffer: UnsafeMutableRawBufferPointer, wait: Bool = true) throws -> Int? {
        guard let base = buffer.baseAddress else { return 0 }  // empty: recv would read nothing and return 0
        while true {
            let count = recv(descriptor, base, buffer.count, wait ? 0 : Int32(MSG_DONTWAIT))
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw BenchError.system("recv")
        }
    }

    /// Makes blocking reads give up after `milliseconds` (they then return `nil`).
    func setReceiveTimeout(milliseconds: Int) {
        var interval = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
    }
}

/// A failure of the benchmark, as a full sentence.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    static func system(_ call: String) -> BenchError {
        BenchError("\(call) failed: \(String(cString: strerror(errno))); is an NSQ-compatible broker running there?")
    }
}
