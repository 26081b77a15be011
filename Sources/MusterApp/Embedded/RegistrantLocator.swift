import MusterCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds which supervised instance opened a connection to the registry, so that services a
/// process registers itself are removed when that process ends (issue 6).
///
/// On Linux: the client's socket is found in `/proc/net/tcp{,6}` by its two ports, its owner
/// among the processes whose session is an instance's (every instance runs in its own session,
/// led by its main process), by the `socket:[inode]` links under `/proc/<pid>/fd`. Elsewhere
/// (and for processes Muster cannot inspect) it finds none, and such registrations stay until
/// deregistered.
struct RegistrantLocator: Sendable {
    /// Which instance runs which session.
    let sessions: InstanceSessions

    /// The name of the instance (`web.1`) whose process has the client end of the connection
    /// from `clientPort` to `serverPort` on 127.0.0.1, if any.
    func owner(clientPort: Int, serverPort: Int) async -> String? {
        #if os(Linux)
            guard let inode = Self.socketInode(clientPort: clientPort, serverPort: serverPort) else { return nil }
            let sessions = self.sessions.current
            guard !sessions.isEmpty else { return nil }
            return Self.session(owningSocket: inode, among: Set(sessions.keys)).flatMap { sessions[$0] }
        #else
            return nil
        #endif
    }

    /// The inode of the TCP socket whose local port is `clientPort` and remote port `serverPort`.
    static func socketInode(clientPort: Int, serverPort: Int) -> String? {
        let local = ":" + hex(clientPort)
        let remote = ":" + hex(serverPort)
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = readFile(table) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 9, fields[1].hasSuffix(local), fields[2].hasSuffix(remote) else { continue }
                return String(fields[9])
            }
        }
        return nil
    }

    /// The session (one of `sessions`) of the process that has socket `inode` open.
    static func session(owningSocket inode: String, among sessions: Set<Int32>) -> Int32? {
        let link = "socket:[\(inode)]"
        for pid in processIDs() {
            guard let session = sessionID(of: pid), sessions.contains(session) else { continue }
            if fileDescriptorLinks(of: pid).contains(link) { return session }
        }
        return nil
    }

    private static func hex(_ port: Int) -> String {
        let digits = String(port, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Every numeric entry of /proc.
    private static func processIDs() -> [Int32] {
        entries(of: "/proc").compactMap { Int32($0) }
    }

    /// Field 6 of /proc/<pid>/stat (after the command name in parentheses).
    private static func sessionID(of pid: Int32) -> Int32? {
        guard let stat = readFile("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 3 ? Int32(fields[3]) : nil
    }

    private static func fileDescriptorLinks(of pid: Int32) -> [String] {
        let directory = "/proc/\(pid)/fd"
        return entries(of: directory).compactMap { name in
            var buffer = [CChar](repeating: 0, count: 256)
            let count = readlink("\(directory)/\(name)", &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    private static func entries(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
