#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte-level helpers shared by the configuration parsers.
enum ConfigText {
    /// The UTF-8 bytes of `text`, without a leading byte order mark.
    static func bytes(of text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        return bytes.starts(with: bom) ? Array(bytes.dropFirst(bom.count)) : bytes
    }

    /// The lines of `bytes`, split at LF; a CR before the LF stays on the line (callers trim it).
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: newline, omittingEmptySubsequences: false)
    }

    /// Whether `byte` is a space, tab or carriage return, the blanks trimmed around values.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == carriageReturn || byte == 0x0B || byte == 0x0C
    }

    /// `bytes` without leading and trailing blanks.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let first = bytes.firstIndex(where: { !isBlank($0) }),
            let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return bytes[bytes.startIndex..<bytes.startIndex] }
        return bytes[first...last]
    }

    /// `bytes` decoded as UTF-8.
    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Reads the UTF-8 text file at `path`; `missingAdvice` ends the sentence used when it does
    /// not exist. Anything but a regular file is refused with a sentence saying what it is, before
    /// it is opened (a FIFO would block the read), except a device when `acceptsDevices` (an
    /// env file of `/dev/null` means none).
    static func read(path: String, missingAdvice: String, acceptsDevices: Bool = false) throws(ConfigError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ConfigError(file: path, line: nil, message: "the file does not exist; \(missingAdvice)")
        }
        if let kind = notAFile(info.st_mode, acceptsDevices: acceptsDevices) {
            throw ConfigError(file: path, line: nil, message: "this is \(kind), not a file; name the file itself")
        }
        // FileManager reads regular files only; a device (`/dev/null`) is read with read(2).
        let contents = info.st_mode & S_IFMT == S_IFREG ? FileManager.default.contents(atPath: path) : device(path)
        guard let data = contents else {
            throw ConfigError(file: path, line: nil, message: "the file cannot be read; check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, message: "the file is not valid UTF-8 text; save it as UTF-8")
        }
        return text
    }

    /// Everything a device gives until its end (at most 1 MiB), or nil when it cannot be opened.
    private static func device(_ path: String) -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            #if canImport(Glibc)
                let count = Glibc.read(fd, &chunk, chunk.count)
            #else
                let count = Darwin.read(fd, &chunk, chunk.count)
            #endif
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return Data(bytes)
    }

    /// What a `mode` that is not a regular file's is (`a directory`, `a named pipe (FIFO)` ...).
    private static func notAFile(_ mode: mode_t, acceptsDevices: Bool) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: acceptsDevices ? nil : "a device"
        default: "not a regular file"
        }
    }

    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let hash = UInt8(ascii: "#")
}
