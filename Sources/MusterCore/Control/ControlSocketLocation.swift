#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a project's control socket lives: `${XDG_RUNTIME_DIR}/muster/<hash>.sock` when that
/// runtime directory is usable, else `/tmp/muster-<uid>/<hash>.sock`, where `<hash>` is the 16 hex
/// digits of the FNV-1a 64 hash of the absolute project directory.
package enum ControlSocketLocation {
    /// Paths longer than this fall back to `/tmp` (sun_path holds 104 bytes on macOS, 108 on Linux).
    static let longestPath = 100

    /// The socket path of the Muster running (or to run) for `projectDirectory`; creates the
    /// per-user directory with mode 0700 when it is missing, and refuses one that another user owns
    /// or that others can write.
    package static func socketPath(forProjectDirectory projectDirectory: String) throws(ControlError) -> String {
        let runtime = getenv("XDG_RUNTIME_DIR").map { String(cString: $0) }
        return try socketPath(forProjectDirectory: projectDirectory, runtimeDirectory: runtime)
    }

    /// The socket path with `runtimeDirectory` standing in for `XDG_RUNTIME_DIR`.
    static func socketPath(
        forProjectDirectory projectDirectory: String, runtimeDirectory: String?
    ) throws(ControlError) -> String {
        let name = fileName(forProjectDirectory: projectDirectory)
        let uid = geteuid()
        var directory = "/tmp/muster-\(uid)"
        if let runtime = runtimeDirectory, isUsableRuntimeDirectory(runtime, uid: uid) {
            let candidate = (runtime.hasSuffix("/") ? String(runtime.dropLast()) : runtime) + "/muster"
            if candidate.utf8.count + 1 + name.utf8.count <= longestPath { directory = candidate }
        }
        try preparePrivateDirectory(directory, uid: uid)
        return "\(directory)/\(name)"
    }

    /// `<16 hex digits>.sock` for the absolute, symlink-resolved `projectDirectory`.
    static func fileName(forProjectDirectory projectDirectory: String) -> String {
        let hex = String(fnv1a64(absolutePath(projectDirectory)), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ".sock"
    }

    /// The FNV-1a 64-bit hash of the UTF-8 bytes of `text`.
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// `path` made absolute against the working directory, with symlinks resolved when it exists.
    static func absolutePath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        var absolute = path
        if !path.hasPrefix("/"), let cwd = getcwd(nil, 0) {
            absolute = String(cString: cwd) + "/" + path
            free(cwd)
        }
        while absolute.count > 1, absolute.hasSuffix("/") { absolute.removeLast() }
        return absolute
    }

    /// Whether `path` is an absolute directory of ours that we can create entries in.
    private static func isUsableRuntimeDirectory(_ path: String, uid: uid_t) -> Bool {
        guard path.hasPrefix("/") else { return false }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == uid else { return false }
        return access(path, W_OK | X_OK) == 0
    }

    /// Creates `directory` with mode 0700 unless it exists; throws when it is not a private directory of `uid`.
    private static func preparePrivateDirectory(_ directory: String, uid: uid_t) throws(ControlError) {
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            let reason = String(cString: strerror(errno))
            throw ControlError(
                status: 403,
                message: "cannot create the control socket directory \(directory) (\(reason)); "
                    + "set XDG_RUNTIME_DIR to a private directory of yours")
        }
        var info = stat()
        guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw ControlError(
                status: 403,
                message: "the control socket directory \(directory) is not a directory; "
                    + "remove it or set XDG_RUNTIME_DIR to a private directory of yours")
        }
        guard info.st_uid == uid else {
            throw ControlError(
                status: 403,
                message: "the control socket directory \(directory) belongs to another user (uid \(info.st_uid)); "
                    + "remove it or set XDG_RUNTIME_DIR to a private directory of yours")
        }
        guard info.st_mode & 0o022 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw ControlError(
                status: 403,
                message: "the control socket directory \(directory) can be written by other users (mode \(mode)); "
                    + "run `chmod 700 \(directory)` or remove it")
        }
    }
}
