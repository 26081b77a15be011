import MusterCore
import Testing

/// Drives `InstanceStateMachine` as a plain value with hand-made instants: no clock, no sleeping.
@Suite struct InstanceStateMachineTests {
    /// Swift Testing has an `ExitStatus` of its own.
    typealias ExitStatus = MusterCore.ExitStatus

    typealias Machine = InstanceStateMachine<ContinuousClock.Instant>
    typealias Action = Machine.Action
    typealias Timer = Machine.Timer

    static let t0 = ContinuousClock.now
    static let failure = ExitStatus.exited(code: 1)
    static let success = ExitStatus.exited(code: 0)

    // MARK: - Helpers

    /// The timer a `startTimer` action in `actions` asks for.
    static func timer(in actions: [Action], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Timer? {
        for action in actions {
            if case .startTimer(let timer, _) = action { return timer }
        }
        Issue.record("no startTimer in \(actions)", sourceLocation: sourceLocation)
        return nil
    }

    /// A machine that has been started and spawned with `pid` at `at`.
    static func running(
        _ policy: RestartPolicy = .onFailure(maxRestarts: nil), pid: Int32 = 100, at: ContinuousClock.Instant = t0,
        stopSignal: ProcessSignal = .terminate, gracePeriod: Duration = .seconds(10)
    ) -> Machine {
        var machine = Machine(policy: policy, stopSignal: stopSignal, gracePeriod: gracePeriod)
        _ = machine.handle(.start)
        _ = machine.handle(.spawned(pid: pid, at: at))
        return machine
    }

    /// Lets a running machine fail `count` times, each run lasting `runFor`, and returns the actions of the last exit.
    /// The instance is respawned after every restart timer, so it is running again unless the last exit was final.
    static func fail(
        _ machine: inout Machine, times count: Int, runFor: Duration = .seconds(1), status: ExitStatus = failure
    ) -> [Action] {
        var clock = t0
        var last: [Action] = []
        for round in 1...count {
            clock = clock + runFor
            last = machine.handle(.exited(status, at: clock))
            guard round < count, case .backoff = machine.state, let timer = timer(in: last) else { break }
            _ = machine.handle(.timerFired(timer))
            _ = machine.handle(.spawned(pid: Int32(100 + round), at: clock))
        }
        return last
    }

    // MARK: - Starting and running

    @Test func startFromPendingAsksForASpawn() {
        var machine = Machine(policy: .onFailure(maxRestarts: nil))
        #expect(machine.state == .pending)
        #expect(machine.handle(.start) == [.spawn])
        #expect(machine.state == .starting)
        #expect(machine.restarts == 0)
    }

    @Test func spawnedRunsAndAnnouncesStarted() {
        var machine = Machine(policy: .onFailure(maxRestarts: nil))
        _ = machine.handle(.start)
        #expect(machine.handle(.spawned(pid: 4242, at: Self.t0)) == [.announce(.started(pid: 4242))])
        #expect(machine.state == .running(pid: 4242))
    }

    @Test func spawnFailedFailsAndAnnouncesCouldNotStart() {
        var machine = Machine(policy: .always)
        _ = machine.handle(.start)
        let reason = "could not start ./server: No such file or directory"
        #expect(
            machine.handle(.spawnFailed(reason: reason))
                == [.announce(.couldNotStart(reason: reason)), .finish(.couldNotStart(reason: reason))])
        #expect(machine.state == .failed(reason: reason))
        #expect(machine.state.isFinal)
    }

    // MARK: - Restarts and backoff

    /// Failure number → the backoff before the restart it causes: 100 ms doubling, capped at 30 s.
    static let backoffTable: [(failures: Int, delay: Duration)] = [
        (1, .milliseconds(100)), (2, .milliseconds(200)), (3, .milliseconds(400)), (4, .milliseconds(800)),
        (5, .milliseconds(1600)), (6, .milliseconds(3200)), (7, .milliseconds(6400)), (8, .milliseconds(12_800)),
        (9, .milliseconds(25_600)), (10, .seconds(30)), (11, .seconds(30)), (15, .seconds(30)),
    ]

    @Test(arguments: backoffTable)
    func quickFailuresBackOffExponentially(failures: Int, delay: Duration) throws {
        var machine = Self.running()
        let actions = Self.fail(&machine, times: failures)
        let timer = try #require(Self.timer(in: actions))
        #expect(timer.purpose == .restart)
        #expect(actions == [.announce(.restarting(Self.failure, delay: delay)), .startTimer(timer, after: delay)])
        #expect(machine.state == .backoff(last: Self.failure, delay: delay))
        #expect(machine.restarts == failures)
    }

    @Test func restartTimerRespawns() throws {
        var machine = Self.running()
        let actions = machine.handle(.exited(Self.failure, at: Self.t0 + .seconds(1)))
        let timer = try #require(Self.timer(in: actions))
        #expect(machine.handle(.timerFired(timer)) == [.spawn])
        #expect(machine.state == .starting)
        #expect(machine.handle(.spawned(pid: 7, at: Self.t0 + .seconds(2))) == [.announce(.started(pid: 7))])
        #expect(machine.state == .running(pid: 7))
    }

    /// How long the fourth run lasted → the delay after it ends (three quick failures came before).
    static let resetTable: [(ranFor: Duration, delay: Duration)] = [
        (.seconds(1), .milliseconds(800)),
        (.milliseconds(9_999), .milliseconds(800)),
        (.seconds(10), .milliseconds(100)),
        (.seconds(11), .milliseconds(100)),
        (.seconds(600), .milliseconds(100)),
    ]

    @Test(arguments: resetTable)
    func backoffStartsOverAfterTenSecondsOfRunning(ranFor: Duration, delay: Duration) throws {
        var machine = Self.running()
        let third = Self.fail(&machine, times: 3)
        #expect(third.first == .announce(.restarting(Self.failure, delay: .milliseconds(400))))
        let timer = try #require(Self.timer(in: third))
        #expect(machine.handle(.timerFired(timer)) == [.spawn])
        let start = Self.t0 + .seconds(100)
        _ = machine.handle(.spawned(pid: 9, at: start))
        let actions = machine.handle(.exited(Self.failure, at: start + ranFor))
        #expect(actions.first == .announce(.restarting(Self.failure, delay: delay)))
        #expect(machine.state == .backoff(last: Self.failure, delay: delay))
        // The reset concerns the delay only: restarts keep counting.
        #expect(machine.restarts == 4)
    }

    @Test func deathBySignalIsAFailureUnderOnFailure() {
        var machine = Self.running()
        let killed = ExitStatus.signaled(signal: ProcessSignal.kill.rawValue)
        let actions = machine.handle(.exited(killed, at: Self.t0 + .seconds(1)))
        #expect(actions.first == .announce(.restarting(killed, delay: .milliseconds(100))))
        #expect(machine.state == .backoff(last: killed, delay: .milliseconds(100)))
    }

    @Test(arguments: [0, 1, 3])
    func onFailureWithALimitGivesUpAfterThatManyRestarts(limit: Int) {
        var machine = Self.running(.onFailure(maxRestarts: limit))
        let actions = Self.fail(&machine, times: limit + 1)
        #expect(
            actions == [.announce(.ended(Self.failure, restarts: limit)), .finish(.failed(Self.failure))])
        #expect(machine.state == .failed(reason: "exited with code 1"))
        #expect(machine.restarts == limit)
        #expect(machine.state.isFinal)
    }

    @Test func onFailureWithALimitStillRestartsBeforeTheLimit() {
        var machine = Self.running(.onFailure(maxRestarts: 3))
        let actions = Self.fail(&machine, times: 3)
        #expect(actions.first == .announce(.restarting(Self.failure, delay: .milliseconds(400))))
        #expect(machine.restarts == 3)
    }

    /// Policy, how the process ended → the actions and the final state.
    struct FinalExit: Sendable, CustomTestStringConvertible {
        var policy: RestartPolicy
        var status: ExitStatus
        var outcome: InstanceOutcome
        var state: InstanceState
        var testDescription: String { "\(policy), \(status)" }
    }

    static let finalExits: [FinalExit] = [
        FinalExit(
            policy: .no, status: failure, outcome: .failed(failure), state: .failed(reason: "exited with code 1")),
        FinalExit(
            policy: .no, status: .signaled(signal: 9), outcome: .failed(.signaled(signal: 9)),
            state: .failed(reason: "was killed by SIGKILL")),
        FinalExit(policy: .no, status: success, outcome: .completed, state: .completed),
        FinalExit(policy: .onFailure(maxRestarts: nil), status: success, outcome: .completed, state: .completed),
        FinalExit(policy: .onFailure(maxRestarts: 2), status: success, outcome: .completed, state: .completed),
    ]

    @Test(arguments: finalExits)
    func exitsThatAreNotRestarted(_ example: FinalExit) {
        var machine = Self.running(example.policy)
        let actions = machine.handle(.exited(example.status, at: Self.t0 + .seconds(3)))
        #expect(actions == [.announce(.ended(example.status, restarts: 0)), .finish(example.outcome)])
        #expect(machine.state == example.state)
        #expect(machine.state.isFinal)
    }

    @Test(arguments: [RestartPolicy.always, .unlessStopped])
    func alwaysRestartsAfterExitZero(policy: RestartPolicy) throws {
        var machine = Self.running(policy)
        let first = machine.handle(.exited(Self.success, at: Self.t0 + .seconds(1)))
        let timer = try #require(Self.timer(in: first))
        #expect(
            first == [
                .announce(.restarting(Self.success, delay: .milliseconds(100))),
                .startTimer(timer, after: .milliseconds(100)),
            ])
        #expect(machine.restarts == 1)
        // And after a failure too, with the next delay.
        #expect(machine.handle(.timerFired(timer)) == [.spawn])
        _ = machine.handle(.spawned(pid: 101, at: Self.t0 + .seconds(2)))
        let second = machine.handle(.exited(Self.failure, at: Self.t0 + .seconds(3)))
        #expect(second.first == .announce(.restarting(Self.failure, delay: .milliseconds(200))))
        #expect(machine.restarts == 2)
    }

    // MARK: - Stopping

    @Test func stopWhileRunningSignalsAndStartsTheKillTimer() throws {
        var machine = Self.running(pid: 55, stopSignal: .interrupt, gracePeriod: .seconds(3))
        let actions = machine.handle(.stop)
        let timer = try #require(Self.timer(in: actions))
        #expect(timer.purpose == .kill)
        #expect(actions == [.signal(.interrupt), .startTimer(timer, after: .seconds(3))])
        #expect(machine.state == .stopping(pid: 55))
        let status = ExitStatus.signaled(signal: ProcessSignal.interrupt.rawValue)
        #expect(
            machine.handle(.exited(status, at: Self.t0 + .seconds(1)))
                == [.announce(.stopped(status)), .finish(.stopped(forced: false))])
        #expect(machine.state == .stopped)
        // The kill timer is stale now.
        #expect(machine.handle(.timerFired(timer)) == [])
        #expect(machine.state == .stopped)
    }

    @Test func defaultStopIsSIGTERMWithTenSecondsGrace() throws {
        var machine = Self.running()
        let actions = machine.handle(.stop)
        let timer = try #require(Self.timer(in: actions))
        #expect(actions == [.signal(.terminate), .startTimer(timer, after: .seconds(10))])
    }

    @Test func killTimerSendsSIGKILLThenTheExitIsAForcedStop() throws {
        var machine = Self.running(pid: 8, gracePeriod: .seconds(5))
        let timer = try #require(Self.timer(in: machine.handle(.stop)))
        #expect(machine.handle(.timerFired(timer)) == [.signal(.kill), .announce(.killedAfterGrace(.seconds(5)))])
        #expect(machine.state == .stopping(pid: 8))
        // Firing again does nothing: the timer was used up.
        #expect(machine.handle(.timerFired(timer)) == [])
        let killed = ExitStatus.signaled(signal: ProcessSignal.kill.rawValue)
        #expect(
            machine.handle(.exited(killed, at: Self.t0 + .seconds(6)))
                == [.announce(.stopped(killed)), .finish(.stopped(forced: true))])
        #expect(machine.state == .stopped)
    }

    @Test func aStoppedInstanceIsNeverRestartedEvenUnderAlways() throws {
        var machine = Self.running(.always)
        _ = machine.handle(.stop)
        let actions = machine.handle(.exited(Self.failure, at: Self.t0 + .seconds(1)))
        #expect(actions == [.announce(.stopped(Self.failure)), .finish(.stopped(forced: false))])
        #expect(machine.state == .stopped)
    }

    @Test func stopDuringBackoffStopsAtOnceAndTheRestartTimerIsStale() throws {
        var machine = Self.running()
        let timer = try #require(Self.timer(in: machine.handle(.exited(Self.failure, at: Self.t0 + .seconds(1)))))
        #expect(machine.handle(.stop) == [.finish(.stopped(forced: false))])
        #expect(machine.state == .stopped)
        #expect(machine.handle(.timerFired(timer)) == [])
        #expect(machine.state == .stopped)
    }

    @Test func stopBeforeStartFinishesStopped() {
        var machine = Machine(policy: .always)
        #expect(machine.handle(.stop) == [.finish(.stopped(forced: false))])
        #expect(machine.state == .stopped)
    }

    @Test func olderTimerSequenceIsIgnored() throws {
        var machine = Self.running()
        let first = try #require(Self.timer(in: machine.handle(.exited(Self.failure, at: Self.t0 + .seconds(1)))))
        #expect(machine.handle(.timerFired(first)) == [.spawn])
        _ = machine.handle(.spawned(pid: 2, at: Self.t0 + .seconds(2)))
        let second = try #require(Self.timer(in: machine.handle(.exited(Self.failure, at: Self.t0 + .seconds(3)))))
        #expect(second.sequence > first.sequence)
        #expect(machine.handle(.timerFired(first)) == [])
        #expect(machine.state == .backoff(last: Self.failure, delay: .milliseconds(200)))
        #expect(machine.handle(.timerFired(second)) == [.spawn])
    }

    @Test func restartTimerFiringAfterAStopIsIgnored() throws {
        var machine = Self.running()
        let restart = try #require(Self.timer(in: machine.handle(.exited(Self.failure, at: Self.t0 + .seconds(1)))))
        #expect(machine.handle(.timerFired(restart)) == [.spawn])
        _ = machine.handle(.spawned(pid: 3, at: Self.t0 + .seconds(2)))
        _ = machine.handle(.stop)
        #expect(machine.handle(.timerFired(restart)) == [])
        #expect(machine.state == .stopping(pid: 3))
    }

    @Test func stopDuringStartingIsDeferredUntilSpawned() throws {
        var machine = Machine(policy: .always, gracePeriod: .seconds(2))
        _ = machine.handle(.start)
        #expect(machine.handle(.stop) == [])
        #expect(machine.state == .starting)
        let actions = machine.handle(.spawned(pid: 77, at: Self.t0))
        let timer = try #require(Self.timer(in: actions))
        #expect(actions == [.announce(.started(pid: 77)), .signal(.terminate), .startTimer(timer, after: .seconds(2))])
        #expect(machine.state == .stopping(pid: 77))
    }

    @Test func stopDuringStartingThenSpawnFailedIsAStop() {
        var machine = Machine(policy: .always)
        _ = machine.handle(.start)
        _ = machine.handle(.stop)
        #expect(machine.handle(.spawnFailed(reason: "no such file")) == [.finish(.stopped(forced: false))])
        #expect(machine.state == .stopped)
    }

    // MARK: - Killing

    @Test func killDuringStartingKillsOnceSpawned() {
        var machine = Machine(policy: .always)
        _ = machine.handle(.start)
        #expect(machine.handle(.kill) == [])
        #expect(machine.state == .starting)
        #expect(machine.handle(.spawned(pid: 12, at: Self.t0)) == [.announce(.started(pid: 12)), .signal(.kill)])
        #expect(machine.state == .stopping(pid: 12))
        let killed = ExitStatus.signaled(signal: 9)
        #expect(
            machine.handle(.exited(killed, at: Self.t0 + .milliseconds(5)))
                == [.announce(.stopped(killed)), .finish(.stopped(forced: true))])
    }

    @Test func killWhileRunningSendsSIGKILL() {
        var machine = Self.running(pid: 31)
        #expect(machine.handle(.kill) == [.signal(.kill)])
        #expect(machine.state == .stopping(pid: 31))
        let killed = ExitStatus.signaled(signal: 9)
        #expect(
            machine.handle(.exited(killed, at: Self.t0 + .seconds(1)))
                == [.announce(.stopped(killed)), .finish(.stopped(forced: true))])
    }

    @Test func killWhileStoppingSendsSIGKILLAndCancelsTheKillTimer() throws {
        var machine = Self.running(pid: 32)
        let timer = try #require(Self.timer(in: machine.handle(.stop)))
        #expect(machine.handle(.kill) == [.signal(.kill)])
        #expect(machine.state == .stopping(pid: 32))
        #expect(machine.handle(.timerFired(timer)) == [])
        let killed = ExitStatus.signaled(signal: 9)
        #expect(
            machine.handle(.exited(killed, at: Self.t0 + .seconds(1)))
                == [.announce(.stopped(killed)), .finish(.stopped(forced: true))])
    }

    @Test func killDuringBackoffOrBeforeStartIsAStop() throws {
        var pending = Machine(policy: .always)
        #expect(pending.handle(.kill) == [.finish(.stopped(forced: false))])
        #expect(pending.state == .stopped)

        var backingOff = Self.running()
        let timer = try #require(Self.timer(in: backingOff.handle(.exited(Self.failure, at: Self.t0 + .seconds(1)))))
        #expect(backingOff.handle(.kill) == [.finish(.stopped(forced: false))])
        #expect(backingOff.state == .stopped)
        #expect(backingOff.handle(.timerFired(timer)) == [])
    }

    // MARK: - Starting again

    @Test func startAgainAfterGivingUpResetsTheCounts() {
        var machine = Self.running(.onFailure(maxRestarts: 2))
        let gaveUp = Self.fail(&machine, times: 3)
        #expect(gaveUp.last == .finish(.failed(Self.failure)))
        #expect(machine.restarts == 2)
        #expect(machine.handle(.start) == [.spawn])
        #expect(machine.restarts == 0)
        _ = machine.handle(.spawned(pid: 500, at: Self.t0 + .seconds(50)))
        let actions = machine.handle(.exited(Self.failure, at: Self.t0 + .seconds(51)))
        // The backoff starts over too, and the limit counts from zero again.
        #expect(actions.first == .announce(.restarting(Self.failure, delay: .milliseconds(100))))
        #expect(machine.restarts == 1)
    }

    @Test func startAgainAfterAStopOrCompletion() {
        var stopped = Self.running()
        _ = stopped.handle(.stop)
        _ = stopped.handle(.exited(.signaled(signal: 15), at: Self.t0 + .seconds(1)))
        #expect(stopped.state == .stopped)
        #expect(stopped.handle(.start) == [.spawn])
        #expect(stopped.state == .starting)
        // The earlier stop request is forgotten: spawning runs normally.
        #expect(stopped.handle(.spawned(pid: 9, at: Self.t0 + .seconds(2))) == [.announce(.started(pid: 9))])

        var completed = Self.running()
        _ = completed.handle(.exited(Self.success, at: Self.t0 + .seconds(1)))
        #expect(completed.state == .completed)
        #expect(completed.handle(.start) == [.spawn])
    }

    @Test func startAfterAKillDuringStartingIsNotKilledAgain() {
        var machine = Machine(policy: .always)
        _ = machine.handle(.start)
        _ = machine.handle(.kill)
        _ = machine.handle(.spawnFailed(reason: "gone"))
        #expect(machine.state.isFinal)
        #expect(machine.handle(.start) == [.spawn])
        #expect(machine.handle(.spawned(pid: 10, at: Self.t0)) == [.announce(.started(pid: 10))])
        #expect(machine.state == .running(pid: 10))
    }

    // MARK: - Events that do not apply

    /// A state to set a machine up in.
    enum Setup: String, Sendable, CaseIterable {
        case pending, starting, running, stopping, backoff, stopped, completed, failed

        func machine() -> InstanceStateMachineTests.Machine {
            let t0 = InstanceStateMachineTests.t0
            var machine = InstanceStateMachineTests.running(.onFailure(maxRestarts: 0), pid: 100)
            switch self {
            case .pending:
                return InstanceStateMachineTests.Machine(policy: .always)
            case .starting:
                var starting = InstanceStateMachineTests.Machine(policy: .always)
                _ = starting.handle(.start)
                return starting
            case .running:
                return machine
            case .stopping:
                _ = machine.handle(.stop)
            case .backoff:
                var always = InstanceStateMachineTests.running(.always, pid: 100)
                _ = always.handle(.exited(.exited(code: 1), at: t0 + .seconds(1)))
                return always
            case .stopped:
                _ = machine.handle(.stop)
                _ = machine.handle(.exited(.signaled(signal: 15), at: t0 + .seconds(1)))
            case .completed:
                _ = machine.handle(.exited(.exited(code: 0), at: t0 + .seconds(1)))
            case .failed:
                _ = machine.handle(.exited(.exited(code: 1), at: t0 + .seconds(1)))
            }
            return machine
        }
    }

    /// A timer no machine set up by `Setup` is waiting for (its sequence number is higher than theirs).
    static let foreignTimer: Timer = {
        var donor = running(.always)
        let actions = fail(&donor, times: 5)
        for action in actions {
            if case .startTimer(let timer, _) = action { return timer }
        }
        fatalError("the donor machine asked for no timer")
    }()

    struct Inapplicable: Sendable, CustomTestStringConvertible {
        var setup: Setup
        var event: Machine.Event
        var testDescription: String { "\(event) while \(setup.rawValue)" }
    }

    static let inapplicable: [Inapplicable] = {
        let spawned = Machine.Event.spawned(pid: 1, at: t0)
        let spawnFailed = Machine.Event.spawnFailed(reason: "x")
        let exited = Machine.Event.exited(failure, at: t0 + .seconds(2))
        let timer = Machine.Event.timerFired(foreignTimer)
        let table: [(Setup, [Machine.Event])] = [
            (.pending, [spawned, spawnFailed, exited, timer]),
            (.starting, [.start, exited, timer]),
            (.running, [.start, spawned, spawnFailed, timer]),
            (.stopping, [.start, .stop, spawned, spawnFailed, timer]),
            (.backoff, [.start, spawned, spawnFailed, exited, timer]),
            (.stopped, [.stop, .kill, spawned, spawnFailed, exited, timer]),
            (.completed, [.stop, .kill, spawned, spawnFailed, exited, timer]),
            (.failed, [.stop, .kill, spawned, spawnFailed, exited, timer]),
        ]
        return table.flatMap { setup, events in events.map { Inapplicable(setup: setup, event: $0) } }
    }()

    @Test(arguments: inapplicable)
    func eventsThatDoNotApplyDoNothing(_ example: Inapplicable) {
        var machine = example.setup.machine()
        let before = machine.state
        let restarts = machine.restarts
        #expect(machine.handle(example.event) == [])
        #expect(machine.state == before)
        #expect(machine.restarts == restarts)
    }

    @Test func setupsReachTheirStates() {
        let states = Setup.allCases.map { $0.machine().state.description }
        #expect(states == Setup.allCases.map(\.rawValue))
    }
}
