import Synchronization

@testable import MusterCore

/// A ``ProcessHost`` whose processes are only numbers: a test ends them, and signals end them
/// or not as the test asked. Nothing is spawned, so a supervisor or runner on it needs no
/// sleeps: every step is either the test's own action or the manual clock.
final class FakeProcessHost: ProcessHost {
    /// What a fake process does when it gets a signal.
    enum Temper: Sendable {
        /// Exits at once, killed by the signal.
        case obliging
        /// Ignores everything but SIGKILL.
        case stubborn
    }

    private struct Process {
        var instance: String
        var exit: ExitStatus?
        var waiters: [CheckedContinuation<ExitStatus, Never>] = []
    }

    private struct State {
        var nextPID: Int32 = 4_000
        var processes: [Int32: Process] = [:]
        var launches: [String] = []
        var signals: [(pid: Int32, signal: ProcessSignal)] = []
        var reaped = 0
        var tempers: [String: Temper] = [:]
    }

    private let state = Mutex(State())

    /// Every launch so far, by instance name, in order.
    var launches: [String] { state.withLock { $0.launches } }
    /// Every signal so far, by pid.
    var signals: [(pid: Int32, signal: ProcessSignal)] { state.withLock { $0.signals } }
    /// How many times the supervisor reaped leftovers.
    var reapCount: Int { state.withLock { $0.reaped } }

    /// Makes `instance`'s next processes behave as `temper` when signalled.
    func setTemper(_ temper: Temper, of instance: String) {
        state.withLock { $0.tempers[instance] = temper }
    }

    /// The pid of `instance`'s process that has not exited yet, if any.
    func runningPID(of instance: String) -> Int32? {
        state.withLock { state in
            state.processes.first { $0.value.instance == instance && $0.value.exit == nil }?.key
        }
    }

    /// How many times `instance` was launched.
    func launchCount(of instance: String) -> Int {
        state.withLock { $0.launches.filter { $0 == instance }.count }
    }

    /// Ends every process that still runs, as SIGKILL would: a failed test leaves nothing waiting.
    func killEverything() {
        let running = state.withLock { state in state.processes.filter { $0.value.exit == nil }.map(\.key) }
        running.forEach { exit($0, with: .signaled(signal: ProcessSignal.kill.rawValue)) }
    }

    /// Ends process `pid` with `status`.
    func exit(_ pid: Int32, with status: ExitStatus) {
        let waiters = state.withLock { state -> [CheckedContinuation<ExitStatus, Never>] in
            guard var process = state.processes[pid], process.exit == nil else { return [] }
            process.exit = status
            let waiters = process.waiters
            process.waiters = []
            state.processes[pid] = process
            return waiters
        }
        waiters.forEach { $0.resume(returning: status) }
    }

    func launch(
        _ plan: InstancePlan, logs: LogMultiplexer, lineObserver: (@Sendable (String) -> Void)?
    ) async throws -> LaunchedProcess {
        let pid = state.withLock { state in
            state.nextPID += 1
            state.processes[state.nextPID] = Process(instance: plan.name)
            state.launches.append(plan.name)
            return state.nextPID
        }
        return LaunchedProcess(pid: pid, exit: { await self.exitStatus(of: pid) })
    }

    func signal(_ signal: ProcessSignal, group leader: Int32) {
        let ends = state.withLock { state -> Bool in
            state.signals.append((leader, signal))
            guard let process = state.processes[leader] else { return false }
            return signal == .kill || (state.tempers[process.instance] ?? .obliging) == .obliging
        }
        if ends { exit(leader, with: .signaled(signal: signal.rawValue)) }
    }

    func outlives(leader: Int32) -> Bool { false }

    func reap(_ groups: Set<ProcessGroup>) async {
        state.withLock { $0.reaped += 1 }
    }

    private func exitStatus(of pid: Int32) async -> ExitStatus {
        await withCheckedContinuation { continuation in
            let known: ExitStatus? = state.withLock { state in
                guard let exit = state.processes[pid]?.exit else {
                    state.processes[pid]?.waiters.append(continuation)
                    return nil
                }
                return exit
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}
