import MusterCore
import Testing

/// The readiness, health and blocking transitions of `InstanceStateMachine`, as a value.
@Suite struct ReadinessTransitionTests {
    typealias ExitStatus = MusterCore.ExitStatus
    typealias Machine = InstanceStateMachine<ContinuousClock.Instant>

    static let t0 = ContinuousClock.now

    static func running(_ policy: RestartPolicy = .onFailure(maxRestarts: nil)) -> Machine {
        var machine = Machine(policy: policy, gracePeriod: .seconds(5))
        _ = machine.handle(.start)
        _ = machine.handle(.spawned(pid: 42, at: t0))
        return machine
    }

    @Test func readyAnnouncesTheDelayOnce() {
        var machine = Self.running()
        #expect(
            machine.handle(.becameReady(after: .milliseconds(840))) == [.announce(.ready(after: .milliseconds(840)))])
        #expect(machine.state == .ready(pid: 42))
        #expect(machine.handle(.becameReady(after: .seconds(2))) == [])
    }

    @Test func unhealthyWithARestartingPolicyStopsThenRestartsWithBackoff() {
        var machine = Self.running()
        _ = machine.handle(.becameReady(after: .zero))
        let actions = machine.handle(.becameUnhealthy(reason: "GET /health answered 503"))
        #expect(actions.first == .announce(.unhealthy(reason: "GET /health answered 503", restarting: true)))
        #expect(actions.contains(.signal(.terminate)))
        #expect(machine.state == .stopping(pid: 42))
        let exit = machine.handle(.exited(.signaled(signal: 15), at: Self.t0 + .seconds(1)))
        #expect(exit.first == .announce(.restarting(.signaled(signal: 15), delay: .milliseconds(100))))
        #expect(machine.state == .backoff(last: .signaled(signal: 15), delay: .milliseconds(100)))
        #expect(machine.restarts == 1)
    }

    @Test func unhealthyUnderRestartNoKeepsRunning() {
        var machine = Self.running(.no)
        _ = machine.handle(.becameReady(after: .zero))
        #expect(
            machine.handle(.becameUnhealthy(reason: "r")) == [.announce(.unhealthy(reason: "r", restarting: false))])
        #expect(machine.state == .unhealthy(pid: 42, reason: "r"))
        #expect(machine.handle(.becameHealthy) == [.announce(.healthyAgain)])
        #expect(machine.state == .ready(pid: 42))
    }

    @Test func unhealthyBeyondTheRestartLimitKeepsRunning() {
        var machine = Self.running(.onFailure(maxRestarts: 0))
        _ = machine.handle(.becameReady(after: .zero))
        #expect(
            machine.handle(.becameUnhealthy(reason: "r")) == [.announce(.unhealthy(reason: "r", restarting: false))])
    }

    @Test func unhealthyBeforeReadyIsIgnored() {
        var machine = Self.running()
        #expect(machine.handle(.becameUnhealthy(reason: "r")) == [])
        #expect(machine.state == .running(pid: 42))
    }

    @Test func stopWhileStoppingForAnUnhealthyRestartEndsStopped() {
        var machine = Self.running()
        _ = machine.handle(.becameReady(after: .zero))
        _ = machine.handle(.becameUnhealthy(reason: "r"))
        #expect(machine.handle(.stop) == [])
        let exit = machine.handle(.exited(.signaled(signal: 15), at: Self.t0))
        #expect(exit.last == .finish(.stopped(forced: false)))
        #expect(machine.state == .stopped)
    }

    @Test func readyAndUnhealthyInstancesStopAndExitLikeRunningOnes() {
        var machine = Self.running()
        _ = machine.handle(.becameReady(after: .zero))
        #expect(machine.handle(.stop).first == .signal(.terminate))
        var crashing = Self.running()
        _ = crashing.handle(.becameReady(after: .zero))
        #expect(
            crashing.handle(.exited(.exited(code: 1), at: Self.t0)).first
                == .announce(.restarting(.exited(code: 1), delay: .milliseconds(100))))
    }

    @Test func blockOnlyAppliesToPendingInstances() {
        var pending = Machine(policy: .no)
        #expect(
            pending.handle(.block(reason: "db exited with code 1 before it was ready"))
                == [
                    .announce(.blocked(reason: "db exited with code 1 before it was ready")),
                    .finish(.blocked(reason: "db exited with code 1 before it was ready")),
                ])
        #expect(pending.state == .blocked(reason: "db exited with code 1 before it was ready"))
        #expect(pending.state.isFinal)
        #expect(pending.handle(.start) == [.spawn], "a blocked instance may be started by hand later")
        var running = Self.running()
        #expect(running.handle(.block(reason: "r")) == [])
    }
}
