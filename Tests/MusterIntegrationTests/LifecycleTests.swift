import Foundation
import MusterTesting
import Testing

@Suite("Restarts, stopping and exit codes")
struct LifecycleTests {
    @Test("A crashing service restarts after growing delays while the others keep printing")
    func restartsWithBackoff() async throws {
        let fixture = try Fixture(
            procfile: """
                crash: date +%s%N >> starts.txt; exit 1
                steady: while true; do echo tick; sleep 0.05; done
                """)
        defer { fixture.directory.remove() }
        let muster = try await fixture.start(["start", "--no-timestamps"])
        defer { muster.terminate() }
        try await muster.waitForOutput("crash exited with code 1, restarting in 800ms", timeout: .seconds(15))
        let output = muster.output
        let delays = ["100ms", "200ms", "400ms", "800ms"].map { "restarting in \($0)" }
        let positions = delays.map { output.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())

        let starts = try fixture.directory.read("starts.txt").split(separator: "\n").compactMap { Int64($0) }
        #expect(starts.count >= 4)
        for (index, expected) in [100, 200, 400].enumerated() where index + 1 < starts.count {
            let gap = (starts[index + 1] - starts[index]) / 1_000_000
            #expect(gap >= expected, "restart \(index + 1) came after \(gap)ms, before its \(expected)ms delay")
        }
        let ticks = output.components(separatedBy: "steady | tick").count - 1
        #expect(ticks >= 10, "the steady service kept printing during the restarts (\(ticks) ticks)")

        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    /// A stack of a shell with two background sleeps and a single sleep, running.
    static func startProcessTrees() async throws -> (Fixture, RunningMuster) {
        let fixture = try Fixture(
            procfile: """
                tree: sleep 1000 & sleep 1000 & wait
                single: sleep 1000
                """)
        let muster = try await fixture.start(["start"])
        try await muster.waitForOutput("started", count: 2)
        // muster, its watchdog, the tree's shell with two sleeps, and the single sleep.
        try await waitUntil("the services' processes to exist") {
            ProcessScan.processes(withToken: muster.token).count >= 6
        }
        return (fixture, muster)
    }

    @Test("SIGINT stops every process group, grandchildren included, and exits 0")
    func interruptStopsProcessTrees() async throws {
        let (fixture, muster) = try await Self.startProcessTrees()
        defer {
            muster.terminate()
            fixture.directory.remove()
        }
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
        #expect(muster.output.contains("tree stopped"))
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("SIGTERM and SIGHUP stop the stack too", arguments: [SIGTERM, SIGHUP])
    func otherSignals(signal: Int32) async throws {
        let fixture = try Fixture(procfile: "single: sleep 1000\n")
        defer { fixture.directory.remove() }
        let muster = try await fixture.start(["start"])
        defer { muster.terminate() }
        try await muster.waitForOutput("started")
        muster.send(signal)
        #expect(try await muster.waitForExit() == 0)
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("Killing muster with SIGKILL leaves no service process behind")
    func sigkillLeavesNothing() async throws {
        let (fixture, muster) = try await Self.startProcessTrees()
        defer {
            muster.terminate()
            fixture.directory.remove()
        }
        muster.send(SIGKILL)
        #expect(try await muster.waitForExit() == 128 + SIGKILL)
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("A grandchild left behind by a service that exited is cleaned up at shutdown")
    func leftoverGrandchild() async throws {
        let fixture = try Fixture(procfile: "orphaner: sleep 1000 &\nsteady: sleep 1000\n")
        defer { fixture.directory.remove() }
        let muster = try await fixture.start(["start"])
        defer { muster.terminate() }
        try await muster.waitForOutput("orphaner exited with code 0")
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("When every service has completed, muster exits by itself and cleans up leftovers")
    func exitsWhenAllCompleted() async throws {
        let fixture = try Fixture(procfile: "orphaner: sleep 1000 &\n")
        defer { fixture.directory.remove() }
        let muster = try await fixture.start(["start"])
        defer { muster.terminate() }
        #expect(try await muster.waitForExit() == 0)
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("A service that ignores SIGTERM is killed after the grace period; the exit code says so")
    func graceThenKill() async throws {
        let fixture = try Fixture(procfile: "stubborn: trap '' TERM; echo armed; while true; do sleep 0.05; done\n")
        defer { fixture.directory.remove() }
        let muster = try await fixture.start(["start", "-t", "0.5"])
        defer { muster.terminate() }
        try await muster.waitForOutput("armed")
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 1)
        #expect(muster.output.contains("stubborn did not stop within 500ms and was killed"))
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("A second Ctrl-C kills everything at once and exits 130")
    func secondInterrupt() async throws {
        let fixture = try Fixture(procfile: "stubborn: trap '' TERM; echo armed; while true; do sleep 0.05; done\n")
        defer { fixture.directory.remove() }
        // A 60 s grace period: only the kill can end the run within the 30 s allowed.
        let muster = try await fixture.start(["start", "--timeout", "60"])
        defer { muster.terminate() }
        try await muster.waitForOutput("armed")
        muster.send(SIGINT)
        try await muster.waitForOutput("received SIGINT")
        muster.send(SIGINT)
        #expect(try await muster.waitForExit(timeout: .seconds(30)) == 130)
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("--abort-on-exit stops the stack with the exit code of the first service to end")
    func abortOnExit() async throws {
        let fixture = try Fixture(procfile: "quitter: sleep 0.2; exit 7\nsteady: sleep 1000\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start", "--abort-on-exit"])
        #expect(result.code == 7)
        #expect(result.output.contains("quitter exited with code 7, and --abort-on-exit is set"))
        #expect(result.output.contains("steady stopped"))
    }
}
