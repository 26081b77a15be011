/// The health of one run of an instance as a value: each event returns the actions its owner must
/// perform (probe, start a timer, report). Time comes in with the events, so tests drive it with
/// plain instants and no clock. One monitor watches one run; make a new one for the next.
package struct HealthMonitor<Instant: InstantProtocol>: Sendable
where Instant.Duration == Duration, Instant: Sendable {
    /// Something that happened.
    package enum Event: Sendable, Hashable {
        /// The instance's process started; the first probe follows at once.
        case started(at: Instant)
        /// The probe the monitor asked for has finished.
        case probeFinished(success: Bool, detail: String, at: Instant)
        /// A timer the monitor asked for has fired.
        case timerFired(Timer)
        /// Stop watching (the process ended or is being stopped).
        case stopped
    }

    /// Something the owner must do.
    package enum Action: Sendable, Hashable {
        /// Run one probe attempt, then report `.probeFinished`.
        case probe
        /// Report `.timerFired(timer)` after `delay`; a newer timer replaces it.
        case startTimer(Timer, after: Duration)
        /// The first probe passed, this long after the start.
        case becameReady(after: Duration)
        /// It had been ready and its probe failed `retries` times in a row.
        case becameUnhealthy(reason: String)
        /// It was unhealthy and a probe passed again.
        case becameHealthyAgain
        /// It is still not ready, and why (at most once per `Policy.notReadyReportInterval`).
        case notReadyYet(detail: String)
    }

    /// A timer the monitor asked for; stale ones are ignored when they fire.
    package struct Timer: Sendable, Hashable {
        /// Which timer of this monitor it is.
        package var sequence: Int
    }

    /// Where the watched instance stands.
    package enum Phase: Sendable, Hashable {
        /// Not started yet.
        case idle
        /// Started, and no probe has passed yet.
        case notReady
        /// A probe has passed and it is not unhealthy.
        case ready
        /// It was ready and then failed `retries` probes in a row.
        case unhealthy
        /// No longer watched.
        case stopped
    }

    /// Where the watched instance stands now.
    package private(set) var phase: Phase = .idle
    /// The detail of the most recent failed probe, if any (why it is not ready, or unhealthy).
    package private(set) var lastFailure: String?
    /// Failed probes in a row that count towards `retries`.
    package private(set) var consecutiveFailures = 0

    private let policy: HealthPolicy
    private var step: Step = .idle
    private var startedAt: Instant?
    private var lastNotReadyReport: Instant?
    private var timerSequence = 0

    /// What the monitor waits for.
    private enum Step: Sendable, Hashable {
        case idle
        case probing
        case waiting(Timer)
        case done
    }

    /// A monitor that follows `policy`.
    package init(policy: HealthPolicy) {
        self.policy = policy
    }

    /// Whether the monitor has nothing left to do (stopped, or ready in `.untilReady` mode).
    package var isFinished: Bool { step == .done }

    /// Applies `event` and returns what to do, in order.
    package mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .started(let instant): started(at: instant)
        case .probeFinished(let success, let detail, let instant):
            probeFinished(success: success, detail: detail, at: instant)
        case .timerFired(let timer): timerFired(timer)
        case .stopped: stopped()
        }
    }

    private mutating func started(at instant: Instant) -> [Action] {
        guard phase == .idle else { return [] }
        startedAt = instant
        phase = .notReady
        step = .probing
        return [.probe]
    }

    private mutating func timerFired(_ timer: Timer) -> [Action] {
        guard step == .waiting(timer) else { return [] }
        step = .probing
        return [.probe]
    }

    private mutating func stopped() -> [Action] {
        phase = .stopped
        step = .done
        return []
    }

    private mutating func probeFinished(success: Bool, detail: String, at instant: Instant) -> [Action] {
        guard step == .probing, let startedAt else { return [] }
        var actions: [Action] = []
        switch (phase, success) {
        case (.notReady, true):
            phase = .ready
            consecutiveFailures = 0
            actions.append(.becameReady(after: startedAt.duration(to: instant)))
            if policy.afterReady == .stop {
                step = .done
                return actions
            }
        case (.notReady, false):
            lastFailure = detail
            let since = lastNotReadyReport ?? startedAt
            if since.duration(to: instant) >= policy.notReadyReportInterval {
                lastNotReadyReport = instant
                actions.append(.notReadyYet(detail: detail))
            }
        case (.ready, true):
            consecutiveFailures = 0
        case (.ready, false):
            lastFailure = detail
            if startedAt.duration(to: instant) >= policy.startPeriod {
                consecutiveFailures += 1
            }
            if consecutiveFailures >= max(policy.retries, 1) {
                phase = .unhealthy
                actions.append(.becameUnhealthy(reason: Self.unhealthyReason(detail, failures: consecutiveFailures)))
            }
        case (.unhealthy, true):
            phase = .ready
            consecutiveFailures = 0
            actions.append(.becameHealthyAgain)
        case (.unhealthy, false):
            lastFailure = detail
            consecutiveFailures += 1
        case (.idle, _), (.stopped, _):
            return []
        }
        timerSequence += 1
        let timer = Timer(sequence: timerSequence)
        step = .waiting(timer)
        actions.append(.startTimer(timer, after: policy.interval))
        return actions
    }

    private static func unhealthyReason(_ detail: String, failures: Int) -> String {
        failures == 1 ? detail : "\(detail) (\(failures) checks failed in a row)"
    }
}
