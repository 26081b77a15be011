import MusterCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The socket file this server bound, so that shutdown removes that file and never one that
/// replaced it.
final class ControlBoundSocket: Sendable {
    /// The socket path.
    let path: String
    private let identity = Mutex<(device: UInt64, inode: UInt64)?>(nil)

    /// Tracks the socket at `path` once bound.
    init(path: String) {
        self.path = path
    }

    /// Remembers which file is at the path now (call right after binding).
    func recordInode() {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        identity.withLock { $0 = (UInt64(info.st_dev), UInt64(info.st_ino)) }
    }

    /// Removes the file at the path when it is still the one that was bound.
    func remove() {
        guard let bound = identity.withLock({ $0 }) else { return }
        var info = stat()
        guard lstat(path, &info) == 0, UInt64(info.st_dev) == bound.device, UInt64(info.st_ino) == bound.inode else {
            return
        }
        unlink(path)
    }
}
