import Foundation
import MusterCore
import Testing

@Suite struct LifecycleValueTests {
    /// Swift Testing has an `ExitStatus` of its own.
    typealias ExitStatus = MusterCore.ExitStatus

    // MARK: - RestartPolicy

    static let validPolicies: [(text: String, policy: RestartPolicy)] = [
        ("no", .no),
        ("never", .no),
        ("always", .always),
        ("unless-stopped", .unlessStopped),
        ("on-failure", .onFailure(maxRestarts: nil)),
        ("on-failure:0", .onFailure(maxRestarts: 0)),
        ("on-failure:5", .onFailure(maxRestarts: 5)),
        ("on-failure:120", .onFailure(maxRestarts: 120)),
    ]

    @Test(arguments: validPolicies)
    func restartPolicyParses(text: String, policy: RestartPolicy) {
        #expect(RestartPolicy(parsing: text) == policy)
    }

    @Test(arguments: [
        "", "No", "NO", "yes", "Always", " always", "always ", "on_failure", "onfailure", "on-failure:",
        "on-failure:-1", "on-failure:+3", "on-failure:x", "on-failure:1.5", "on-failure: 3", "on-failure:3 ",
        "on-failure=3",
        "unless_stopped", "restart",
    ])
    func restartPolicyRejects(text: String) {
        #expect(RestartPolicy(parsing: text) == nil)
    }

    @Test(arguments: [
        (RestartPolicy.no, "no"), (.always, "always"), (.unlessStopped, "unless-stopped"),
        (.onFailure(maxRestarts: nil), "on-failure"), (.onFailure(maxRestarts: 4), "on-failure:4"),
    ])
    func restartPolicyDescriptionRoundTrips(policy: RestartPolicy, text: String) {
        #expect(policy.description == text)
        #expect(RestartPolicy(parsing: text) == policy)
    }

    /// One row of the `restarts(after:restartsSoFar:)` truth table.
    struct RestartRow: Sendable, CustomTestStringConvertible {
        var policy: RestartPolicy
        var status: ExitStatus
        var restartsSoFar: Int
        var restarts: Bool
        var testDescription: String { "\(policy), \(status), after \(restartsSoFar) → \(restarts)" }
    }

    static let restartTable: [RestartRow] = {
        let ok = ExitStatus.exited(code: 0)
        let bad = ExitStatus.exited(code: 2)
        let signaled = ExitStatus.signaled(signal: 9)
        return [
            RestartRow(policy: .no, status: ok, restartsSoFar: 0, restarts: false),
            RestartRow(policy: .no, status: bad, restartsSoFar: 0, restarts: false),
            RestartRow(policy: .no, status: signaled, restartsSoFar: 0, restarts: false),
            RestartRow(policy: .always, status: ok, restartsSoFar: 0, restarts: true),
            RestartRow(policy: .always, status: bad, restartsSoFar: 1000, restarts: true),
            RestartRow(policy: .always, status: signaled, restartsSoFar: 3, restarts: true),
            RestartRow(policy: .unlessStopped, status: ok, restartsSoFar: 0, restarts: true),
            RestartRow(policy: .unlessStopped, status: bad, restartsSoFar: 7, restarts: true),
            RestartRow(policy: .onFailure(maxRestarts: nil), status: ok, restartsSoFar: 0, restarts: false),
            RestartRow(policy: .onFailure(maxRestarts: nil), status: bad, restartsSoFar: 0, restarts: true),
            RestartRow(policy: .onFailure(maxRestarts: nil), status: bad, restartsSoFar: 10_000, restarts: true),
            RestartRow(policy: .onFailure(maxRestarts: nil), status: signaled, restartsSoFar: 1, restarts: true),
            RestartRow(policy: .onFailure(maxRestarts: 0), status: bad, restartsSoFar: 0, restarts: false),
            RestartRow(policy: .onFailure(maxRestarts: 3), status: ok, restartsSoFar: 0, restarts: false),
            RestartRow(policy: .onFailure(maxRestarts: 3), status: bad, restartsSoFar: 0, restarts: true),
            RestartRow(policy: .onFailure(maxRestarts: 3), status: bad, restartsSoFar: 2, restarts: true),
            RestartRow(policy: .onFailure(maxRestarts: 3), status: bad, restartsSoFar: 3, restarts: false),
            RestartRow(policy: .onFailure(maxRestarts: 3), status: signaled, restartsSoFar: 2, restarts: true),
            RestartRow(policy: .onFailure(maxRestarts: 3), status: signaled, restartsSoFar: 4, restarts: false),
        ]
    }()

    @Test(arguments: restartTable)
    func restartPolicyDecides(_ row: RestartRow) {
        #expect(row.policy.restarts(after: row.status, restartsSoFar: row.restartsSoFar) == row.restarts)
    }

    // MARK: - Backoff

    static let backoffTable: [(failure: Int, delay: Duration)] = [
        (-1, .milliseconds(100)), (0, .milliseconds(100)), (1, .milliseconds(100)), (2, .milliseconds(200)),
        (3, .milliseconds(400)), (4, .milliseconds(800)), (5, .milliseconds(1600)), (6, .milliseconds(3200)),
        (7, .milliseconds(6400)), (8, .milliseconds(12_800)), (9, .milliseconds(25_600)), (10, .seconds(30)),
        (11, .seconds(30)), (64, .seconds(30)), (100_000, .seconds(30)), (Int.max, .seconds(30)),
    ]

    @Test(arguments: backoffTable)
    func backoffDelays(failure: Int, delay: Duration) {
        #expect(Backoff().delay(forFailure: failure) == delay)
    }

    @Test func backoffDefaults() {
        let backoff = Backoff()
        #expect(backoff.initial == .milliseconds(100))
        #expect(backoff.maximum == .seconds(30))
        #expect(backoff.resetAfter == .seconds(10))
    }

    @Test(arguments: [(1, Duration.seconds(1)), (2, .seconds(2)), (3, .seconds(4)), (4, .seconds(5)), (9, .seconds(5))])
    func backoffWithACustomSchedule(failure: Int, delay: Duration) {
        var backoff = Backoff()
        backoff.initial = .seconds(1)
        backoff.maximum = .seconds(5)
        #expect(backoff.delay(forFailure: failure) == delay)
    }

    // MARK: - Duration.humanReadable

    static let humanTable: [(duration: Duration, text: String)] = [
        (.zero, "0ms"),
        (.milliseconds(1), "1ms"),
        (.milliseconds(100), "100ms"),
        (.milliseconds(850), "850ms"),
        (.milliseconds(999), "999ms"),
        (.microseconds(999_400), "999ms"),
        (.microseconds(999_600), "1s"),
        (.seconds(1), "1s"),
        (.milliseconds(1600), "1.6s"),
        (.milliseconds(3200), "3.2s"),
        (.milliseconds(6400), "6.4s"),
        (.milliseconds(9900), "9.9s"),
        (.milliseconds(1050), "1.1s"),
        (.milliseconds(1999), "2s"),
        (.milliseconds(9960), "10s"),
        (.milliseconds(12_800), "13s"),
        (.milliseconds(25_600), "26s"),
        (.seconds(10), "10s"),
        (.seconds(30), "30s"),
        (.seconds(59), "59s"),
        (.seconds(60), "1m"),
        (.seconds(61), "1m1s"),
        (.seconds(125), "2m5s"),
        (.seconds(600), "10m"),
    ]

    @Test(arguments: humanTable)
    func durationHumanReadable(duration: Duration, text: String) {
        #expect(duration.humanReadable == text)
    }

    // MARK: - ExitStatus

    static let exitTable: [(status: ExitStatus, description: String, shellCode: Int32, success: Bool)] = [
        (.exited(code: 0), "exited with code 0", 0, true),
        (.exited(code: 1), "exited with code 1", 1, false),
        (.exited(code: 127), "exited with code 127", 127, false),
        (.exited(code: 255), "exited with code 255", 255, false),
        (.signaled(signal: SIGINT), "was killed by SIGINT", 130, false),
        (.signaled(signal: SIGKILL), "was killed by SIGKILL", 137, false),
        (.signaled(signal: SIGSEGV), "was killed by SIGSEGV", 139, false),
        (.signaled(signal: SIGTERM), "was killed by SIGTERM", 143, false),
        (.signaled(signal: 42), "was killed by signal 42", 170, false),
    ]

    @Test(arguments: exitTable)
    func exitStatus(status: ExitStatus, description: String, shellCode: Int32, success: Bool) {
        #expect(status.description == description)
        #expect(status.shellCode == shellCode)
        #expect(status.isSuccess == success)
    }

    // MARK: - ProcessSignal

    static let signalNames: [(name: String, number: Int32)] = [
        ("TERM", SIGTERM), ("term", SIGTERM), ("sigterm", SIGTERM), ("SIGTERM", SIGTERM), ("SigTerm", SIGTERM),
        ("KILL", SIGKILL), ("SIGKILL", SIGKILL), ("INT", SIGINT), ("SIGINT", SIGINT), ("HUP", SIGHUP),
        ("QUIT", SIGQUIT), ("USR1", SIGUSR1), ("SIGUSR2", SIGUSR2), ("WINCH", SIGWINCH), ("SIGSTOP", SIGSTOP),
    ]

    @Test(arguments: signalNames)
    func signalByName(name: String, number: Int32) {
        #expect(ProcessSignal(name: name)?.rawValue == number)
    }

    @Test(arguments: ["", "SIG", "FOO", "SIGFOO", "15", "SIG15", " TERM", "TERM ", "SIGSIGTERM", "SIGRTMIN"])
    func unknownSignalNames(name: String) {
        #expect(ProcessSignal(name: name) == nil)
    }

    @Test(arguments: [
        (SIGTERM, "SIGTERM"), (SIGKILL, "SIGKILL"), (SIGHUP, "SIGHUP"), (SIGCHLD, "SIGCHLD"), (42, "signal 42"),
    ])
    func signalNameByNumber(number: Int32, name: String) {
        let signal = ProcessSignal(rawValue: number)
        #expect(signal.name == name)
        #expect(signal.description == name)
    }

    @Test func signalConstantsAndKnownNames() {
        #expect(ProcessSignal.terminate.rawValue == SIGTERM)
        #expect(ProcessSignal.kill.rawValue == SIGKILL)
        #expect(ProcessSignal.interrupt.rawValue == SIGINT)
        #expect(ProcessSignal.hangUp.rawValue == SIGHUP)
        let names = ProcessSignal.knownNames
        #expect(names.count == 29)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.hasPrefix("SIG") })
        for name in names {
            #expect(ProcessSignal(name: name).map(\.name) == name)
        }
    }

    // MARK: - InstanceState

    @Test(arguments: [
        (InstanceState.pending, "pending", false),
        (.starting, "starting", false),
        (.running(pid: 1), "running", false),
        (.stopping(pid: 1), "stopping", false),
        (.backoff(last: .exited(code: 1), delay: .seconds(1)), "backoff", false),
        (.stopped, "stopped", true),
        (.completed, "completed", true),
        (.failed(reason: "exited with code 1"), "failed", true),
    ])
    func instanceState(state: InstanceState, description: String, isFinal: Bool) {
        #expect(state.description == description)
        #expect(state.isFinal == isFinal)
    }
}

@Suite struct ServiceCommandExpansionTests {
    static let environment = ["PORT": "9000", "EMPTY": "", "NAME": "api"]

    @Test(arguments: [
        ("$PORT", "9000"), ("${PORT}", "9000"), ("--port=$PORT", "--port=9000"), ("$UNSET", ""),
        ("${UNSET:-d}", "d"), ("${EMPTY:-d}", "d"), ("${EMPTY-d}", ""), ("${UNSET-d}", "d"), ("$$PORT", "$PORT"),
        ("cost: 5$", "cost: 5$"), ("$NAME.log", "api.log"), ("plain", "plain"),
    ])
    func listArgumentsAreExpandedFromTheInstanceEnvironment(argument: String, expected: String) {
        #expect(ServiceCommand.exec(["prog", argument]).expanded(with: Self.environment) == .exec(["prog", expected]))
    }

    @Test func shellCommandsAreLeftToTheShell() {
        #expect(ServiceCommand.shell("echo $PORT").expanded(with: Self.environment) == .shell("echo $PORT"))
    }
}
