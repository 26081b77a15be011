import MusterTesting
import NIOPosix
import Synchronization
import Testing

@testable import MusterCore

/// One instance runner on a manual clock and fake processes: stop and kill, and the backoff
/// that doubles and starts over after a long run.
@Suite("Instance runner")
struct InstanceRunnerTests {
    typealias ExitStatus = MusterCore.ExitStatus

    /// A runner of one instance and what it reported.
    final class Harness: Sendable {
        let clock = ManualClock()
        let host = FakeProcessHost()
        let logs: LogHarness
        let runner: InstanceRunner<ManualClock>
        private let reported = Reports()

        /// What the runner reported, in order.
        final class Reports: Sendable {
            let lock = Mutex<(states: [InstanceState], outcomes: [InstanceOutcome])>(([], []))
        }

        init(grace: Duration = .seconds(10)) throws {
            let plan = SupervisedStack.instance("api", grace: grace)
            logs = try LogHarness(names: ["api", "muster"])
            let stack = StackPlan(
                project: "test", file: "muster.yaml", directory: "/tmp", environment: ResolvedEnvironment(),
                instances: [plan])
            let reported = self.reported
            runner = InstanceRunner(
                plan: plan,
                environment: RunnerEnvironment(
                    clock: clock, logs: logs.multiplexer, processes: host,
                    containers: ContainerSession(plan: stack, logs: logs.multiplexer),
                    probeEventLoops: { MultiThreadedEventLoopGroup.singleton }, announce: { _, _ in },
                    observer: { _, state, _ in reported.lock.withLock { $0.states.append(state) } },
                    finished: { _, outcome in reported.lock.withLock { $0.outcomes.append(outcome) } },
                    lingering: { _ in }))
        }

        var state: InstanceState? { reported.lock.withLock { $0.states.last } }
        var outcomes: [InstanceOutcome] { reported.lock.withLock { $0.outcomes } }

        /// Runs the runner while `body` drives it, then closes its mailbox and waits for it.
        func run(_ body: @Sendable () async throws -> Void) async throws {
            let runner = self.runner
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await runner.run() }
                do {
                    try await body()
                } catch {
                    host.killEverything()
                    runner.close()
                    throw error
                }
                runner.close()
                try await group.waitForAll()
            }
            await logs.finish()
        }

        /// Waits until the instance has a running process; returns its pid.
        func waitForRun(number: Int) async throws -> Int32 {
            try await waitUntil("run \(number)") {
                host.launchCount(of: "api.1") == number && state?.pid != nil
            }
            return try #require(state?.pid)
        }
    }

    @Test("Stop sends the stop signal once, then SIGKILL when the grace period has passed on the clock")
    func stopThenKill() async throws {
        let harness = try Harness(grace: .seconds(5))
        harness.host.setTemper(.stubborn, of: "api.1")
        try await harness.run {
            harness.runner.send(.start)
            let pid = try await harness.waitForRun(number: 1)
            harness.runner.send(.stop)
            try await waitUntil("the grace timer") { harness.clock.deadlines == [harness.clock.at(.seconds(5))] }
            #expect(harness.host.signals.map(\.signal) == [.terminate])
            harness.clock.advance(by: .seconds(5))
            try await waitUntil("the instance to stop") { harness.outcomes == [.stopped(forced: true)] }
            #expect(harness.host.signals.map(\.pid) == [pid, pid])
            #expect(harness.host.signals.map(\.signal) == [.terminate, .kill])
            #expect(harness.state == .stopped)
        }
    }

    @Test("Backoff doubles on each quick crash and starts over once a run has lasted 10 s on the clock")
    func backoffOnTheClock() async throws {
        let harness = try Harness()
        try await harness.run {
            harness.runner.send(.start)
            var pid = try await harness.waitForRun(number: 1)
            var elapsed = Duration.zero
            // Crash at once twice: 100 ms, then 200 ms.
            for (run, delay) in [(2, Duration.milliseconds(100)), (3, .milliseconds(200))] {
                harness.host.exit(pid, with: .exited(code: 1))
                try await waitUntil("a \(delay) backoff") {
                    harness.clock.deadlines == [harness.clock.at(elapsed + delay)]
                }
                harness.clock.advance(by: delay)
                elapsed += delay
                pid = try await harness.waitForRun(number: run)
            }
            // This run lasts 10 s: the next delay is the first one again.
            harness.clock.advance(by: .seconds(10))
            elapsed += .seconds(10)
            harness.host.exit(pid, with: .exited(code: 1))
            try await waitUntil("the backoff to start over") {
                harness.clock.deadlines == [harness.clock.at(elapsed + .milliseconds(100))]
            }
            harness.runner.send(.stop)
            try await waitUntil("the instance to stop") { harness.outcomes == [.stopped(forced: false)] }
        }
    }
}
