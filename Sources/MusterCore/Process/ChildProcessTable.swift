import CMusterSystem

/// Every child Muster spawns, and the reaper thread that collects their exit statuses.
///
/// `waitpid(-1)` is process-wide, so there is exactly one table. Spawning registers the pid under
/// the same lock the reaper takes, so no exit can be reaped before its pid is known.
final class ChildProcessTable: @unchecked Sendable {
    /// The one table of this process.
    static let shared = ChildProcessTable()

    private let condition = ConditionLock()
    // All of the following are guarded by `condition`.
    private var waiters: [Int32: CheckedContinuation<ExitStatus, Never>] = [:]
    private var unclaimed: [Int32: ExitStatus] = [:]
    private var known: Set<Int32> = []
    private var generation = 0
    private var reaperStarted = false

    private init() {}

    /// Runs `body` (which forks) under the table's lock and registers the pid it returns.
    func registering(_ body: () -> Int32) -> Int32 {
        condition.lock()
        defer { condition.unlock() }
        startReaperLocked()
        let result = body()
        // -1: vfork failed and there is no child. -pid: exec failed; that child exits at once
        // and is reaped and forgotten like an orphan, since nobody waits for it.
        if result != -1 {
            if result > 0 { known.insert(result) }
            generation += 1
            condition.broadcast()
        }
        return result
    }

    /// How the child `pid` ended, if it already has and nobody took the status yet; never blocks.
    func exitStatusIfExited(of pid: Int32) -> ExitStatus? {
        condition.withLock { unclaimed[pid] }
    }

    /// Waits until the child `pid` has exited and returns how it ended.
    func exitStatus(of pid: Int32) async -> ExitStatus {
        await withCheckedContinuation { continuation in
            condition.lock()
            defer { condition.unlock() }
            if let status = unclaimed.removeValue(forKey: pid) {
                continuation.resume(returning: status)
            } else {
                waiters[pid] = continuation
            }
        }
    }

    private func startReaperLocked() {
        guard !reaperStarted else { return }
        reaperStarted = true
        startDedicatedThread { [self] in reapForever() }
    }

    private func reapForever() {
        while true {
            condition.lock()
            let seen = generation
            condition.unlock()
            var status: Int32 = 0
            let pid = muster_wait_any(&status)
            if pid > 0 {
                deliver(pid: pid, status: ExitStatus(waitStatus: status))
                continue
            }
            // No children at all: sleep until the next spawn.
            condition.lock()
            while generation == seen { condition.wait() }
            condition.unlock()
        }
    }

    private func deliver(pid: Int32, status: ExitStatus) {
        condition.lock()
        let waiter = waiters.removeValue(forKey: pid)
        if waiter == nil, known.contains(pid) {
            unclaimed[pid] = status
        }
        known.remove(pid)
        condition.unlock()
        // Orphans re-parented to Muster (it is a child subreaper) are reaped and forgotten.
        waiter?.resume(returning: status)
    }
}
