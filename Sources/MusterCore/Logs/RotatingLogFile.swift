#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An append-only log file that rotates `web.log` -> `web.log.1` -> `web.log.2` when it passes
/// `rotationBytes`, keeping `keptFiles` files in all.
struct RotatingLogFile {
    let path: String
    let rotationBytes: Int
    let keptFiles: Int
    private var fd: Int32
    private(set) var size: Int

    /// Opens (creating if needed) `path` for appending.
    init(path: String, rotationBytes: Int, keptFiles: Int) throws(LogError) {
        self.path = path
        self.rotationBytes = max(1, rotationBytes)
        self.keptFiles = max(1, keptFiles)
        (self.fd, self.size) = try Self.open(path)
    }

    /// Whether the file is still open.
    var isOpen: Bool { self.fd >= 0 }

    /// Appends `bytes` in one write, then rotates if the file passed `rotationBytes`.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(LogError) {
        guard self.fd >= 0, bytes.count > 0 else { return }
        let code = POSIXWriter.writeAll(fd: self.fd, bytes)
        if code != 0 {
            self.close()
            throw .cannotWriteFile(path: self.path, errno: code)
        }
        self.size += bytes.count
        if self.size >= self.rotationBytes {
            try self.rotate()
        }
    }

    /// Closes the file; later writes are ignored.
    mutating func close() {
        if self.fd >= 0 {
            _ = posixClose(self.fd)
            self.fd = -1
        }
    }

    private mutating func rotate() throws(LogError) {
        self.close()
        if self.keptFiles == 1 {
            unlink(self.path)
        } else {
            for index in stride(from: self.keptFiles - 1, through: 1, by: -1) {
                let from = index == 1 ? self.path : "\(self.path).\(index - 1)"
                if rename(from, "\(self.path).\(index)") != 0 && errno != ENOENT {
                    throw .cannotWriteFile(path: from, errno: errno)
                }
            }
        }
        (self.fd, self.size) = try Self.open(self.path)
    }

    private static func open(_ path: String) throws(LogError) -> (Int32, Int) {
        let fd = posixOpen(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .cannotWriteFile(path: path, errno: errno)
        }
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
        return (fd, size)
    }
}

@inline(__always)
private func posixClose(_ fd: Int32) -> Int32 {
    close(fd)
}

@inline(__always)
private func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}
