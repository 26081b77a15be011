import CMusterSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small process, forked once, that kills every registered process group when Muster dies,
/// even by SIGKILL: it waits for the end of a pipe whose other end only Muster holds.
final class ProcessWatchdog: Sendable {
    private let descriptor: Int32
    /// The watchdog's own pid.
    let pid: Int32

    /// Starts the watchdog and makes Muster a child subreaper, so that orphaned grandchildren
    /// come back to Muster for cleanup instead of escaping to init.
    init() throws(SpawnError) {
        _ = muster_become_subreaper()
        var watchdogPID: Int32 = 0
        var fd: Int32 = -1
        var failure: Int32 = 0
        _ = ChildProcessTable.shared.registering {
            fd = muster_watchdog_start(&watchdogPID)
            failure = errno
            return fd < 0 ? 0 : watchdogPID
        }
        guard fd >= 0 else {
            throw SpawnError(program: "muster watchdog", workingDirectory: nil, errorNumber: failure)
        }
        self.pid = watchdogPID
        self.descriptor = fd
    }

    /// Asks the watchdog to kill group `pgid` if Muster dies.
    func guardGroup(_ pgid: Int32) {
        _ = muster_watchdog_update(descriptor, pgid, 1)
    }

    /// Tells the watchdog that group `pgid` is gone.
    func forgetGroup(_ pgid: Int32) {
        _ = muster_watchdog_update(descriptor, pgid, 0)
    }
}
