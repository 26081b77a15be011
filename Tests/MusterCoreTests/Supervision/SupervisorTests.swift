import MusterTesting
import Testing

@testable import MusterCore

/// The supervisor itself, on a manual clock and fake processes: start order, stop order,
/// restarts on the injected clock, user stops and the transition stream.
@Suite("Supervisor")
struct SupervisorTests {
    typealias ExitStatus = MusterCore.ExitStatus

    @Test("Dependencies start first; at shutdown dependents stop first, and a stubborn one is killed after its grace")
    func startAndStopOrder() async throws {
        let stack = try SupervisedStack([
            SupervisedStack.instance("web", dependsOn: ["db"]), SupervisedStack.instance("db"),
        ])
        stack.host.setTemper(.stubborn, of: "web.1")
        let code = try await stack.run {
            try await stack.waitFor("web.1", .ready)
            #expect(stack.host.launches == ["db.1", "web.1"])
            let web = try #require(stack.host.runningPID(of: "web.1"))
            let db = try #require(stack.host.runningPID(of: "db.1"))
            stack.supervisor.requestShutdown()
            try await waitUntil("web to get SIGTERM") { stack.host.signals.contains { $0.pid == web } }
            // web ignores SIGTERM and the clock has not moved: db must still be untouched.
            try await waitUntil("web's grace timer") { stack.clock.deadlines.contains(stack.clock.at(.seconds(10))) }
            #expect(!stack.host.signals.contains { $0.pid == db })
            #expect(await stack.phase(of: "db.1") == .ready)
            stack.clock.advance(by: .seconds(10))
            try await waitUntil("db to get SIGTERM after web was killed") {
                stack.host.signals.map(\.signal) == [.terminate, .kill, .terminate]
                    && stack.host.signals.last?.pid == db
            }
        }
        #expect(code == 1, "a service that had to be killed makes the exit code 1")
        #expect(stack.host.reapCount == 1)
    }

    @Test("A crash is restarted when the backoff delay passes on the injected clock, not before")
    func restartOnTheInjectedClock() async throws {
        let stack = try SupervisedStack([SupervisedStack.instance("worker")])
        let code = try await stack.run {
            try await stack.waitFor("worker.1", .ready)
            stack.host.exit(try #require(stack.host.runningPID(of: "worker.1")), with: .exited(code: 3))
            try await stack.waitFor("worker.1", .backoff)
            try await waitUntil("the backoff timer") {
                stack.clock.deadlines.contains(stack.clock.at(.milliseconds(100)))
            }
            #expect(stack.host.launchCount(of: "worker.1") == 1)
            stack.clock.advance(by: .milliseconds(100))
            try await waitUntil("the second run") { stack.host.launchCount(of: "worker.1") == 2 }
            try await stack.waitFor("worker.1", .ready)
            #expect(await stack.supervisor.status().instances[0].restarts == 1)
            stack.supervisor.requestShutdown()
        }
        #expect(code == 0)
    }

    @Test("An instance the user stopped is not restarted, and starts again when asked")
    func userStop() async throws {
        let stack = try SupervisedStack([SupervisedStack.instance("web"), SupervisedStack.instance("db")])
        let code = try await stack.run {
            try await stack.waitFor("web.1", .ready)
            _ = try await stack.supervisor.stop(["web"])
            try await stack.waitFor("web.1", .stopped)
            stack.clock.advance(by: .seconds(60))
            #expect(stack.host.launchCount(of: "web.1") == 1)
            #expect(await stack.phase(of: "db.1") == .ready)
            _ = try await stack.supervisor.start(["web"])
            try await waitUntil("web's second run") { stack.host.launchCount(of: "web.1") == 2 }
            try await stack.waitFor("web.1", .ready)
            stack.supervisor.requestShutdown()
        }
        #expect(code == 0)
    }

    @Test("Transitions are typed, carry the old state, and a listener that goes away is removed")
    func transitions() async throws {
        let stack = try SupervisedStack([SupervisedStack.instance("web")])
        let supervisor = stack.supervisor
        // Subscribed before the run starts, so it hears the first transition.
        let listener = TransitionListener(await supervisor.transitions())
        let code = try await stack.run {
            #expect(await supervisor.transitionListenerCount == 1)
            let first = try #require(await listener.next())
            #expect(first.instance == "web.1" && first.old == .starting)
            #expect(first.new == .running(pid: try #require(stack.host.runningPID(of: "web.1"))))
            let second = try #require(await listener.next())
            #expect(second.old == first.new && second.new.phase == .ready)
            await listener.drop()
            try await waitUntil("the listener to be removed") { await supervisor.transitionListenerCount == 0 }
            supervisor.requestShutdown()
        }
        #expect(code == 0)
    }
}

/// One subscription to a supervisor's transitions, which a test can read and then drop.
actor TransitionListener {
    private var iterator: AsyncStream<InstanceTransition>.Iterator?

    init(_ stream: AsyncStream<InstanceTransition>) {
        iterator = stream.makeAsyncIterator()
    }

    /// The next transition, or nil once dropped or ended.
    func next() async -> InstanceTransition? {
        var current = iterator
        let next = await current?.next(isolation: self)
        iterator = current
        return next
    }

    /// Lets go of the subscription.
    func drop() {
        iterator = nil
    }
}
