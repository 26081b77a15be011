import Foundation
import Testing
import UnixSignals

@testable import MusterCore

@Suite struct SupervisorBookkeepingTests {
    /// Swift Testing has an `ExitStatus` of its own.
    typealias ExitStatus = MusterCore.ExitStatus

    typealias Announcement = InstanceStateMachine<ContinuousClock.Instant>.Announcement

    static func instance(
        _ service: String, number: Int = 1, replicas: Int = 1, port: Int? = nil, exitOnFailure: Bool = false,
        stopSignal: ProcessSignal = .terminate
    ) -> InstancePlan {
        InstancePlan(
            service: service, number: number, replicas: replicas, command: .shell("./\(service)"),
            workingDirectory: nil, port: port, environment: ResolvedEnvironment(),
            restart: .onFailure(maxRestarts: nil),
            stopSignal: stopSignal, stopGracePeriod: .seconds(10), exitOnFailure: exitOnFailure)
    }

    static let web = instance("web")
    static let worker = instance("worker")
    static let clock = instance("clock")

    // MARK: - Exit codes when every instance has ended by itself

    /// Outcomes in the order they arrive → the exit code, without --abort-on-exit or exit_on_failure.
    struct Ending: Sendable, CustomTestStringConvertible {
        var label: String
        var outcomes: [InstanceOutcome]
        var exitCode: Int32
        var testDescription: String { label }
    }

    static let endings: [Ending] = [
        Ending(label: "nothing ended", outcomes: [], exitCode: 0),
        Ending(label: "all completed", outcomes: [.completed, .completed, .completed], exitCode: 0),
        Ending(
            label: "first failure's code",
            outcomes: [.completed, .failed(.exited(code: 3)), .failed(.exited(code: 5))],
            exitCode: 3),
        Ending(label: "failure by signal", outcomes: [.failed(.signaled(signal: SIGKILL)), .completed], exitCode: 137),
        Ending(
            label: "could not start", outcomes: [.couldNotStart(reason: "no such file"), .failed(.exited(code: 2))],
            exitCode: 127),
        Ending(
            label: "stopped ones do not count",
            outcomes: [.stopped(forced: false), .completed, .stopped(forced: true)], exitCode: 0),
        Ending(
            label: "stopped, then a failure", outcomes: [.stopped(forced: true), .failed(.exited(code: 9))], exitCode: 9
        ),
    ]

    @Test(arguments: endings)
    func exitCodeWhenEverythingEnded(_ ending: Ending) {
        let instances = [Self.web, Self.worker, Self.clock]
        var book = SupervisorBookkeeping(instances: instances)
        for (instance, outcome) in zip(instances, ending.outcomes) {
            #expect(book.finished(instance, outcome, abortOnExit: false) == nil)
        }
        #expect(book.exitCode == ending.exitCode)
    }

    // MARK: - --abort-on-exit

    static let abortTable: [(outcome: InstanceOutcome, status: ExitStatus, exitCode: Int32)] = [
        (.completed, .exited(code: 0), 0),
        (.failed(.exited(code: 2)), .exited(code: 2), 2),
        (.failed(.signaled(signal: SIGTERM)), .signaled(signal: SIGTERM), 143),
        (.failed(.signaled(signal: SIGSEGV)), .signaled(signal: SIGSEGV), 139),
        (.couldNotStart(reason: "no such file"), .exited(code: 127), 127),
        (.stopped(forced: false), .exited(code: 0), 0),
    ]

    @Test(arguments: abortTable)
    func abortOnExitEndsTheRunWithTheEndingInstancesCode(outcome: InstanceOutcome, status: ExitStatus, exitCode: Int32)
    {
        let web2 = Self.instance("web", number: 2, replicas: 2)
        var book = SupervisorBookkeeping(instances: [Self.instance("web", replicas: 2), web2, Self.worker])
        let reason = book.finished(web2, outcome, abortOnExit: true)
        #expect(reason == .instanceEnded("web.2", status))
        book.shutdown = reason
        #expect(book.exitCode == exitCode)
        // The others then stop (or fail) because of the shutdown; the code stays the first instance's.
        #expect(book.finished(Self.worker, .failed(.exited(code: 99)), abortOnExit: true) == nil)
        #expect(book.finished(Self.web, .stopped(forced: true), abortOnExit: true) == nil)
        #expect(book.exitCode == exitCode)
    }

    @Test func abortOnExitAfterAShutdownBeganRequestsNothing() {
        var book = SupervisorBookkeeping(instances: [Self.web, Self.worker])
        book.shutdown = .requested
        #expect(book.finished(Self.web, .failed(.exited(code: 4)), abortOnExit: true) == nil)
        #expect(book.finished(Self.worker, .stopped(forced: false), abortOnExit: true) == nil)
        #expect(book.exitCode == 0)
    }

    // MARK: - exit_on_failure

    static let exitOnFailureTable: [(outcome: InstanceOutcome, reason: ShutdownReason?, exitCode: Int32)] = [
        (.failed(.exited(code: 4)), .instanceFailed("db", "exit code 4"), 4),
        (.failed(.signaled(signal: SIGKILL)), .instanceFailed("db", "exit code 137"), 137),
        (.couldNotStart(reason: "no such file"), .instanceFailed("db", "exit code 127"), 127),
        (.completed, nil, 0),
        (.stopped(forced: true), nil, 0),
    ]

    @Test(arguments: exitOnFailureTable)
    func exitOnFailure(outcome: InstanceOutcome, reason: ShutdownReason?, exitCode: Int32) {
        let db = Self.instance("db", exitOnFailure: true)
        var book = SupervisorBookkeeping(instances: [db, Self.web])
        let decision = book.finished(db, outcome, abortOnExit: false)
        #expect(decision == reason)
        book.shutdown = decision
        #expect(book.exitCode == exitCode)
    }

    @Test func failureOfAnInstanceWithoutExitOnFailureDoesNotStopTheStack() {
        var book = SupervisorBookkeeping(instances: [Self.web, Self.worker])
        #expect(book.finished(Self.web, .failed(.exited(code: 4)), abortOnExit: false) == nil)
        #expect(book.shutdown == nil)
    }

    @Test func exitOnFailureCodeWinsOverAnEarlierFailure() {
        let db = Self.instance("db", exitOnFailure: true)
        var book = SupervisorBookkeeping(instances: [db, Self.web])
        #expect(book.finished(Self.web, .failed(.exited(code: 3)), abortOnExit: false) == nil)
        book.shutdown = book.finished(db, .failed(.exited(code: 6)), abortOnExit: false)
        #expect(book.exitCode == 6)
    }

    // MARK: - User shutdown and Ctrl-C

    static let shutdownReasons: [ShutdownReason] = [.requested, .signal(.sigint), .signal(.sigterm)]

    @Test(arguments: shutdownReasons)
    func userShutdownThatStopsCleanlyExitsZero(reason: ShutdownReason) {
        var book = SupervisorBookkeeping(instances: [Self.web, Self.worker, Self.clock])
        book.shutdown = reason
        #expect(book.finished(Self.web, .stopped(forced: false), abortOnExit: false) == nil)
        #expect(book.finished(Self.worker, .stopped(forced: false), abortOnExit: false) == nil)
        #expect(book.finished(Self.clock, .completed, abortOnExit: false) == nil)
        #expect(book.exitCode == 0)
    }

    @Test(arguments: shutdownReasons)
    func userShutdownExitsOneWhenAnInstanceHadToBeKilled(reason: ShutdownReason) {
        var book = SupervisorBookkeeping(instances: [Self.web, Self.worker])
        book.shutdown = reason
        _ = book.finished(Self.web, .stopped(forced: true), abortOnExit: false)
        _ = book.finished(Self.worker, .stopped(forced: false), abortOnExit: false)
        #expect(book.exitCode == 1)
    }

    @Test func forcedShutdownExits130() {
        var book = SupervisorBookkeeping(instances: [Self.web, Self.worker])
        book.shutdown = .signal(.sigint)
        book.forced = true
        _ = book.finished(Self.web, .stopped(forced: true), abortOnExit: false)
        _ = book.finished(Self.worker, .failed(.exited(code: 3)), abortOnExit: false)
        #expect(book.exitCode == 130)
    }

    @Test func forcedWinsOverAnAbortOnExitCode() {
        var book = SupervisorBookkeeping(instances: [Self.web, Self.worker])
        book.shutdown = book.finished(Self.web, .failed(.exited(code: 2)), abortOnExit: true)
        #expect(book.exitCode == 2)
        book.forced = true
        #expect(book.exitCode == 130)
    }

    // MARK: - States

    @Test func recordsStatesAndKnowsWhenAllAreFinal() {
        let web2 = Self.instance("web", number: 2, replicas: 2)
        var book = SupervisorBookkeeping(instances: [Self.web, web2])
        #expect(book.states == ["web.1": .pending, "web.2": .pending])
        #expect(!book.allFinal)
        book.record(Self.web, state: .running(pid: 10), restarts: 0)
        book.record(web2, state: .backoff(last: .exited(code: 1), delay: .milliseconds(200)), restarts: 2)
        #expect(book.restarts == ["web.1": 0, "web.2": 2])
        #expect(!book.allFinal)
        book.record(Self.web, state: .completed, restarts: 0)
        book.record(web2, state: .failed(reason: "exited with code 1"), restarts: 3)
        #expect(book.allFinal)
        #expect(book.restarts["web.2"] == 3)
    }

    @Test func finishedRecordsTheOutcome() {
        var book = SupervisorBookkeeping(instances: [Self.web])
        _ = book.finished(Self.web, .couldNotStart(reason: "x"), abortOnExit: false)
        #expect(book.outcomes == ["web.1": .couldNotStart(reason: "x")])
    }

    // MARK: - Shutdown announcements

    @Test(arguments: [
        (ShutdownReason.requested, "stopping every service", false),
        (.signal(.sigint), "received SIGINT, stopping every service (press Ctrl-C again to kill them at once)", false),
        (
            .instanceEnded("web", .exited(code: 0)),
            "web exited with code 0, and --abort-on-exit is set: stopping every service", false
        ),
        (
            .instanceEnded("web.2", .exited(code: 3)),
            "web.2 exited with code 3, and --abort-on-exit is set: stopping every service", true
        ),
        (
            .instanceFailed("db", "exit code 4"),
            "db failed for good (exit code 4) and has exit_on_failure set: stopping every service", true
        ),
    ])
    func shutdownAnnouncements(reason: ShutdownReason, text: String, isFailure: Bool) {
        #expect(reason.announcement == text)
        #expect(reason.isFailure == isFailure)
    }

    // MARK: - StatusLine

    struct Line: Sendable, CustomTestStringConvertible {
        var instance: InstancePlan
        var announcement: Announcement
        var text: String
        var isError: Bool
        var testDescription: String { text }
    }

    static let lines: [Line] = {
        let web = instance("web", port: 5000)
        let web2 = instance("web", number: 2, replicas: 3, port: 5001)
        let worker = instance("worker")
        let nginx = instance("nginx", stopSignal: .interrupt)
        return [
            Line(
                instance: web, announcement: .started(pid: 123), text: "web started (pid 123 on port 5000)",
                isError: false),
            Line(
                instance: web2, announcement: .started(pid: 124), text: "web.2 started (pid 124 on port 5001)",
                isError: false),
            Line(instance: worker, announcement: .started(pid: 7), text: "worker started (pid 7)", isError: false),
            Line(
                instance: worker, announcement: .restarting(.exited(code: 1), delay: .milliseconds(200)),
                text: "worker exited with code 1, restarting in 200ms", isError: true),
            Line(
                instance: worker, announcement: .restarting(.signaled(signal: SIGKILL), delay: .milliseconds(1600)),
                text: "worker was killed by SIGKILL, restarting in 1.6s", isError: true),
            Line(
                instance: worker, announcement: .restarting(.exited(code: 0), delay: .seconds(30)),
                text: "worker exited with code 0, restarting in 30s", isError: true),
            Line(
                instance: worker, announcement: .ended(.exited(code: 0), restarts: 0),
                text: "worker exited with code 0", isError: false),
            Line(
                instance: worker, announcement: .ended(.exited(code: 0), restarts: 4),
                text: "worker exited with code 0", isError: false),
            Line(
                instance: worker, announcement: .ended(.exited(code: 1), restarts: 0),
                text: "worker exited with code 1 and will not be restarted", isError: true),
            Line(
                instance: web2, announcement: .ended(.signaled(signal: SIGSEGV), restarts: 5),
                text: "web.2 was killed by SIGSEGV; gave up after 5 restarts", isError: true),
            Line(
                instance: worker, announcement: .ended(.exited(code: 2), restarts: 1),
                text: "worker exited with code 2; gave up after 1 restart", isError: true),
            Line(
                instance: web, announcement: .stopped(.signaled(signal: SIGTERM)), text: "web stopped", isError: false),
            Line(instance: web, announcement: .stopped(.exited(code: 0)), text: "web stopped", isError: false),
            Line(
                instance: web, announcement: .stopped(.exited(code: 1)), text: "web stopped (exited with code 1)",
                isError: false),
            Line(
                instance: web, announcement: .stopped(.signaled(signal: SIGKILL)),
                text: "web stopped (was killed by SIGKILL)", isError: false),
            Line(
                instance: nginx, announcement: .stopped(.signaled(signal: SIGINT)), text: "nginx stopped",
                isError: false),
            Line(
                instance: nginx, announcement: .stopped(.signaled(signal: SIGTERM)),
                text: "nginx stopped (was killed by SIGTERM)", isError: false),
            Line(
                instance: web, announcement: .killedAfterGrace(.seconds(10)),
                text: "web did not stop within 10s and was killed", isError: true),
            Line(
                instance: web2, announcement: .killedAfterGrace(.milliseconds(1500)),
                text: "web.2 did not stop within 1.5s and was killed", isError: true),
            Line(
                instance: worker,
                announcement: .couldNotStart(reason: "could not start ./worker: No such file or directory"),
                text: "worker could not start ./worker: No such file or directory", isError: true),
        ]
    }()

    @Test(arguments: lines)
    func statusLine(_ line: Line) {
        let status = StatusLine(instance: line.instance, announcement: line.announcement)
        #expect(status.text == line.text)
        #expect(status.isError == line.isError)
    }
}
