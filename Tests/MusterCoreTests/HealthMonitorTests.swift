import Testing

@testable import MusterCore

/// Drives `HealthMonitor` as a plain value with hand-made instants: no clock, no sleeping.
@Suite struct HealthMonitorTests {
    typealias Monitor = HealthMonitor<ContinuousClock.Instant>
    typealias Action = Monitor.Action
    typealias Timer = Monitor.Timer

    static let t0 = ContinuousClock.now
    static let check = HealthPolicy(interval: .seconds(1), retries: 3, afterReady: .keepProbing)

    static func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    /// The timer of the `startTimer` action in `actions`.
    static func timer(in actions: [Action], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Timer? {
        for case .startTimer(let timer, _) in actions { return timer }
        Issue.record("no startTimer in \(actions)", sourceLocation: sourceLocation)
        return nil
    }

    /// Finishes the probe in flight at `ms`, fires the timer it asks for, and returns the actions of the finish.
    @discardableResult
    static func probe(
        _ monitor: inout Monitor, _ success: Bool, at ms: Int, detail: String = "GET /health answered 503"
    )
        -> [Action]
    {
        let actions = monitor.handle(.probeFinished(success: success, detail: detail, at: at(ms)))
        for case .startTimer(let timer, _) in actions {
            #expect(monitor.handle(.timerFired(timer)) == [.probe])
        }
        return actions
    }

    /// A monitor started at t0 whose first probe passed at 100 ms.
    static func ready(_ policy: HealthPolicy = check) -> Monitor {
        var monitor = Monitor(policy: policy)
        _ = monitor.handle(.started(at: t0))
        probe(&monitor, true, at: 100, detail: "GET /health answered 200")
        return monitor
    }

    // MARK: - Before ready

    @Test func startingAsksForAProbeAtOnce() {
        var monitor = Monitor(policy: Self.check)
        #expect(monitor.phase == .idle)
        #expect(monitor.handle(.started(at: Self.t0)) == [.probe])
        #expect(monitor.phase == .notReady)
        #expect(monitor.handle(.started(at: Self.at(5))) == [], "a second start is ignored")
    }

    @Test func aFailureBeforeReadyOnlySchedulesTheNextProbeAndKeepsTheDetail() {
        var monitor = Monitor(policy: Self.check)
        _ = monitor.handle(.started(at: Self.t0))
        let actions = monitor.handle(
            .probeFinished(success: false, detail: "connection refused on port 9002", at: Self.at(3)))
        #expect(actions == [.startTimer(Timer(sequence: 1), after: .seconds(1))])
        #expect(monitor.phase == .notReady)
        #expect(monitor.lastFailure == "connection refused on port 9002")
    }

    @Test func failuresBeforeReadyNeverMakeItUnhealthy() {
        var monitor = Monitor(policy: HealthPolicy(interval: .seconds(1), retries: 1, afterReady: .keepProbing))
        _ = monitor.handle(.started(at: Self.t0))
        for second in 1...4 {
            let actions = Self.probe(&monitor, false, at: second * 1000)
            #expect(!actions.contains { if case .becameUnhealthy = $0 { true } else { false } })
        }
        #expect(monitor.phase == .notReady)
        #expect(monitor.consecutiveFailures == 0)
    }

    @Test func notReadyYetIsReportedAtMostOncePerInterval() {
        var monitor = Monitor(policy: Self.check)
        _ = monitor.handle(.started(at: Self.t0))
        var reports: [Int] = []
        for second in 1...12 {
            let actions = Self.probe(&monitor, false, at: second * 1000, detail: "failure \(second)")
            for case .notReadyYet(let detail) in actions {
                #expect(detail == "failure \(second)")
                reports.append(second)
            }
        }
        #expect(reports == [5, 10])
    }

    @Test func theFirstSuccessMakesItReadyWithTheTimeSinceTheStart() {
        var monitor = Monitor(policy: Self.check)
        _ = monitor.handle(.started(at: Self.t0))
        Self.probe(&monitor, false, at: 20)
        let actions = monitor.handle(
            .probeFinished(success: true, detail: "GET /health answered 200", at: Self.at(840)))
        #expect(
            actions == [.becameReady(after: .milliseconds(840)), .startTimer(Timer(sequence: 2), after: .seconds(1))])
        #expect(monitor.phase == .ready)
        #expect(!monitor.isFinished)
    }

    // MARK: - Timers and stray events

    @Test func staleAndUnexpectedTimersAreIgnored() {
        var monitor = Monitor(policy: Self.check)
        _ = monitor.handle(.started(at: Self.t0))
        #expect(monitor.handle(.timerFired(Timer(sequence: 1))) == [], "no timer while probing")
        let first = monitor.handle(.probeFinished(success: false, detail: "x", at: Self.at(10)))
        guard let live = Self.timer(in: first) else { return }
        #expect(monitor.handle(.timerFired(Timer(sequence: 99))) == [])
        #expect(monitor.handle(.timerFired(live)) == [.probe])
        #expect(monitor.handle(.timerFired(live)) == [], "a timer fires once")
    }

    @Test func aProbeResultNobodyAskedForIsIgnored() {
        var monitor = Monitor(policy: Self.check)
        #expect(monitor.handle(.probeFinished(success: true, detail: "x", at: Self.t0)) == [], "not started")
        _ = monitor.handle(.started(at: Self.t0))
        _ = monitor.handle(.probeFinished(success: false, detail: "x", at: Self.at(10)))
        #expect(
            monitor.handle(.probeFinished(success: true, detail: "y", at: Self.at(20))) == [], "waiting for a timer")
        #expect(monitor.phase == .notReady)
    }

    // MARK: - Unhealthy and back

    @Test func retriesFailuresInARowAfterReadyMakeItUnhealthy() {
        var monitor = Self.ready()
        #expect(Self.probe(&monitor, false, at: 1100) == [.startTimer(Timer(sequence: 2), after: .seconds(1))])
        #expect(monitor.consecutiveFailures == 1)
        Self.probe(&monitor, false, at: 2100)
        #expect(monitor.phase == .ready)
        let actions = Self.probe(&monitor, false, at: 3100, detail: "GET /health answered 500")
        #expect(
            actions == [
                .becameUnhealthy(reason: "GET /health answered 500 (3 checks failed in a row)"),
                .startTimer(Timer(sequence: 4), after: .seconds(1)),
            ])
        #expect(monitor.phase == .unhealthy)
        #expect(monitor.lastFailure == "GET /health answered 500")
        #expect(Self.probe(&monitor, false, at: 4100).count == 1, "still unhealthy: only the next timer")
    }

    @Test func aSuccessResetsTheFailureCount() {
        var monitor = Self.ready()
        Self.probe(&monitor, false, at: 1100)
        Self.probe(&monitor, false, at: 2100)
        Self.probe(&monitor, true, at: 3100)
        #expect(monitor.consecutiveFailures == 0)
        Self.probe(&monitor, false, at: 4100)
        Self.probe(&monitor, false, at: 5100)
        #expect(monitor.phase == .ready)
    }

    @Test func withOneRetryTheReasonIsTheDetailItself() {
        var monitor = Self.ready(HealthPolicy(interval: .seconds(1), retries: 1, afterReady: .keepProbing))
        let actions = Self.probe(&monitor, false, at: 1100, detail: "connection refused on port 9002")
        #expect(actions.first == .becameUnhealthy(reason: "connection refused on port 9002"))
    }

    @Test func aSuccessWhileUnhealthyMakesItHealthyAgain() {
        var monitor = Self.ready(HealthPolicy(interval: .seconds(1), retries: 1, afterReady: .keepProbing))
        Self.probe(&monitor, false, at: 1100)
        #expect(monitor.phase == .unhealthy)
        let actions = Self.probe(&monitor, true, at: 2100)
        #expect(actions == [.becameHealthyAgain, .startTimer(Timer(sequence: 3), after: .seconds(1))])
        #expect(monitor.phase == .ready)
        #expect(monitor.consecutiveFailures == 0)
        Self.probe(&monitor, false, at: 3100)
        #expect(monitor.phase == .unhealthy, "and can turn unhealthy again")
    }

    @Test func failuresInsideTheStartPeriodDoNotCount() {
        let policy = HealthPolicy(interval: .seconds(1), retries: 2, startPeriod: .seconds(3), afterReady: .keepProbing)
        var monitor = Self.ready(policy)
        Self.probe(&monitor, false, at: 1000)
        Self.probe(&monitor, false, at: 2000)
        #expect(monitor.consecutiveFailures == 0)
        #expect(monitor.phase == .ready)
        Self.probe(&monitor, false, at: 3000)
        #expect(monitor.phase == .ready)
        let actions = Self.probe(&monitor, false, at: 4000)
        #expect(actions.first == .becameUnhealthy(reason: "GET /health answered 503 (2 checks failed in a row)"))
    }

    // MARK: - Readiness only, and stopping

    @Test func untilReadyStopsProbingAtTheFirstSuccess() {
        var monitor = Monitor(policy: .untilReady)
        _ = monitor.handle(.started(at: Self.t0))
        let failed = monitor.handle(
            .probeFinished(success: false, detail: "connection refused on port 9002", at: Self.at(1)))
        #expect(failed == [.startTimer(Timer(sequence: 1), after: .milliseconds(100))])
        #expect(monitor.handle(.timerFired(Timer(sequence: 1))) == [.probe])
        let passed = monitor.handle(
            .probeFinished(success: true, detail: "port 9002 accepts connections", at: Self.at(102)))
        #expect(passed == [.becameReady(after: .milliseconds(102))])
        #expect(monitor.isFinished)
        #expect(monitor.phase == .ready)
        #expect(monitor.handle(.timerFired(Timer(sequence: 1))) == [])
    }

    @Test func stoppingEndsEverything() {
        var monitor = Monitor(policy: Self.check)
        _ = monitor.handle(.started(at: Self.t0))
        let actions = monitor.handle(.probeFinished(success: false, detail: "x", at: Self.at(1)))
        #expect(monitor.handle(.stopped) == [])
        #expect(monitor.phase == .stopped)
        #expect(monitor.isFinished)
        if let timer = Self.timer(in: actions) { #expect(monitor.handle(.timerFired(timer)) == []) }
        #expect(monitor.handle(.probeFinished(success: true, detail: "y", at: Self.at(2))) == [])
        #expect(monitor.handle(.started(at: Self.at(3))) == [], "a monitor watches one run")
    }

    @Test func aHealthcheckDefinitionGivesItsTiming() {
        var definition = HealthCheckDefinition(probe: .http("/health"))
        definition.interval = .milliseconds(500)
        definition.retries = 5
        definition.startPeriod = .seconds(2)
        let policy = HealthPolicy(definition)
        #expect(policy.interval == .milliseconds(500))
        #expect(policy.retries == 5)
        #expect(policy.startPeriod == .seconds(2))
        #expect(policy.afterReady == .keepProbing)
        #expect(policy.notReadyReportInterval == .seconds(5))
    }
}
