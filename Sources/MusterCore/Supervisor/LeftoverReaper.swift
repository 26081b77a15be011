import CMusterSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cleans up at shutdown what services left behind: process groups that outlived their leader
/// (`sh -c 'sleep 1000 &'`) and orphans that escaped their group and were re-parented to Muster.
struct LeftoverReaper {
    let logs: LogMultiplexer
    let watchdog: ProcessWatchdog?
    /// How long leftovers get to end after SIGTERM before SIGKILL.
    var grace: Duration = .seconds(2)

    func clean(_ groups: Set<ProcessGroup>) async {
        let liveGroups = groups.filter(\.isAlive)
        let orphans = Self.children(excluding: watchdog?.pid)
        defer { groups.forEach { watchdog?.forgetGroup($0.id) } }
        guard !liveGroups.isEmpty || !orphans.isEmpty else { return }
        logs.system("stopping \(liveGroups.count + orphans.count) leftover process group(s) of exited services")
        liveGroups.forEach { $0.send(.terminate) }
        orphans.forEach { kill($0, SIGTERM) }
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            let anyAlive = liveGroups.contains(where: \.isAlive) || orphans.contains { kill($0, 0) == 0 }
            if !anyAlive { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
        liveGroups.forEach { $0.send(.kill) }
        orphans.forEach { kill($0, SIGKILL) }
    }

    /// Muster's children other than the watchdog: after every service ended, only orphans.
    static func children(excluding excluded: Int32?) -> [Int32] {
        var pids = [Int32](repeating: 0, count: 1024)
        let count = Int(muster_list_children(getpid(), &pids, Int32(pids.count)))
        guard count > 0 else { return [] }
        return pids.prefix(min(count, pids.count)).filter { $0 != excluded }
    }
}
