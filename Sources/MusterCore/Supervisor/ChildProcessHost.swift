/// The real ``ProcessHost``: instances run as child processes of Muster, each in its own
/// session, guarded by the watchdog that kills their groups if Muster dies.
final class ChildProcessHost: ProcessHost {
    private let watchdog: ProcessWatchdog?
    private let logs: LogMultiplexer

    /// Starts the watchdog (saying so in `logs` when it cannot).
    init(logs: LogMultiplexer) {
        self.logs = logs
        do {
            watchdog = try ProcessWatchdog()
        } catch {
            logs.system(
                "could not start the process watchdog (\(error)); services may outlive a killed Muster", level: .error)
            watchdog = nil
        }
    }

    func launch(
        _ plan: InstancePlan, logs: LogMultiplexer, lineObserver: (@Sendable (String) -> Void)?
    ) async throws -> LaunchedProcess {
        let launch = try await ProcessLaunch.start(plan: plan, logs: logs, lineObserver: lineObserver)
        watchdog?.guardGroup(launch.pid)
        return LaunchedProcess(pid: launch.pid, exit: { await launch.waitForExit() })
    }

    func signal(_ signal: ProcessSignal, group leader: Int32) {
        ProcessGroup(id: leader).send(signal)
    }

    func outlives(leader: Int32) -> Bool {
        if ProcessGroup(id: leader).isAlive { return true }
        watchdog?.forgetGroup(leader)
        return false
    }

    func reap(_ groups: Set<ProcessGroup>) async {
        await LeftoverReaper(logs: logs, watchdog: watchdog).clean(groups)
    }
}
