#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes whole buffers to file descriptors, blocking until done.
enum POSIXWriter {
    /// Writes every byte of `bytes` to `fd`, retrying partial writes and `EINTR`, and waiting for
    /// writability on `EAGAIN`. Returns 0, or the errno that stopped it.
    static func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard var next = bytes.baseAddress else { return 0 }
        var left = bytes.count
        while left > 0 {
            let written = write(fd, next, left)
            if written >= 0 {
                next += written
                left -= written
                continue
            }
            let code = errno
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                var request = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&request, 1, -1)
            default:
                return code
            }
        }
        return 0
    }
}
