/// The life of one service instance as a value: each event returns the actions its owner must
/// perform (spawn, signal, start a timer, announce, finish). Time comes in with the events, so
/// tests drive it with plain instants and no clock.
package struct InstanceStateMachine<Instant: InstantProtocol>: Sendable
where Instant.Duration == Duration, Instant: Sendable {
    /// Where the instance is now.
    package private(set) var state: InstanceState = .pending
    /// How many times it has been restarted after ending by itself.
    package private(set) var restarts = 0

    private let policy: RestartPolicy
    private let backoff: Backoff
    private let stopSignal: ProcessSignal
    private let gracePeriod: Duration
    private var consecutiveFailures = 0
    private var startedAt: Instant?
    private var timerSequence = 0
    private var liveTimer: Timer?
    private var stopRequested = false
    private var killRequested = false
    private var killed = false
    private var restartAfterStop = false
    private var restartRequested = false

    /// A machine for an instance with this restart policy and stop behaviour.
    package init(
        policy: RestartPolicy, backoff: Backoff = Backoff(), stopSignal: ProcessSignal = .terminate,
        gracePeriod: Duration = .seconds(10)
    ) {
        self.policy = policy
        self.backoff = backoff
        self.stopSignal = stopSignal
        self.gracePeriod = gracePeriod
    }

    /// Applies `event` and returns what to do, in order.
    package mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .start: start()
        case .spawned(let pid, let instant): spawned(pid: pid, at: instant)
        case .spawnFailed(let reason): spawnFailed(reason: reason)
        case .exited(let status, let instant): exited(status, at: instant)
        case .timerFired(let timer): timerFired(timer)
        case .stop: stop()
        case .kill: kill()
        case .becameReady(let delay): becameReady(after: delay)
        case .becameUnhealthy(let reason): becameUnhealthy(reason: reason)
        case .becameHealthy: becameHealthy()
        case .block(let reason): block(reason: reason)
        case .restart: restart()
        }
    }

    private mutating func restart() -> [Action] {
        switch state {
        case .running(let pid), .ready(let pid), .unhealthy(let pid, _):
            restartRequested = true
            state = .stopping(pid: pid)
            return [.signal(stopSignal), .startTimer(newTimer(.kill), after: gracePeriod)]
        case .stopping:
            restartRequested = true
            restartAfterStop = false
            return []
        case .backoff:
            liveTimer = nil
            state = .starting
            return [.spawn]
        case .stopped, .completed, .failed, .blocked:
            return start()
        case .pending, .starting:
            return []
        }
    }

    private mutating func becameReady(after delay: Duration) -> [Action] {
        guard case .running(let pid) = state else { return [] }
        state = .ready(pid: pid)
        return [.announce(.ready(after: delay))]
    }

    private mutating func becameUnhealthy(reason: String) -> [Action] {
        guard case .ready(let pid) = state else { return [] }
        guard policy.restartsWhenUnhealthy(restartsSoFar: restarts) else {
            state = .unhealthy(pid: pid, reason: reason)
            return [.announce(.unhealthy(reason: reason, restarting: false))]
        }
        restartAfterStop = true
        state = .stopping(pid: pid)
        return [
            .announce(.unhealthy(reason: reason, restarting: true)), .signal(stopSignal),
            .startTimer(newTimer(.kill), after: gracePeriod),
        ]
    }

    private mutating func becameHealthy() -> [Action] {
        guard case .unhealthy(let pid, _) = state else { return [] }
        state = .ready(pid: pid)
        return [.announce(.healthyAgain)]
    }

    private mutating func block(reason: String) -> [Action] {
        guard state == .pending else { return [] }
        state = .blocked(reason: reason)
        return [.announce(.blocked(reason: reason)), .finish(.blocked(reason: reason))]
    }

    private mutating func start() -> [Action] {
        guard state == .pending || state.isFinal else { return [] }
        if state.isFinal {
            restarts = 0
            consecutiveFailures = 0
        }
        stopRequested = false
        killRequested = false
        killed = false
        restartAfterStop = false
        state = .starting
        return [.spawn]
    }

    private mutating func spawned(pid: Int32, at instant: Instant) -> [Action] {
        guard state == .starting else { return [] }
        startedAt = instant
        state = .running(pid: pid)
        var actions: [Action] = [.announce(.started(pid: pid))]
        if killRequested {
            actions += kill()
        } else if stopRequested {
            actions += stop()
        }
        return actions
    }

    private mutating func spawnFailed(reason: String) -> [Action] {
        guard state == .starting else { return [] }
        if stopRequested {
            state = .stopped
            return [.finish(.stopped(forced: false))]
        }
        state = .failed(reason: reason)
        return [.announce(.couldNotStart(reason: reason)), .finish(.couldNotStart(reason: reason))]
    }

    private mutating func exited(_ status: ExitStatus, at instant: Instant) -> [Action] {
        switch state {
        case .stopping where restartRequested:
            // Stopped because the user asked for a restart: start again at once.
            restartRequested = false
            killed = false
            liveTimer = nil
            state = .starting
            return [.announce(.stopped(status)), .spawn]
        case .stopping where restartAfterStop:
            // Stopped because it turned unhealthy: a restart under the policy, with backoff.
            restartAfterStop = false
            killed = false
            return restartWithBackoff(after: status)
        case .stopping:
            liveTimer = nil
            state = .stopped
            return [.announce(.stopped(status)), .finish(.stopped(forced: killed))]
        case .running, .ready, .unhealthy:
            if let startedAt, startedAt.duration(to: instant) >= backoff.resetAfter {
                consecutiveFailures = 0
            }
            guard policy.restarts(after: status, restartsSoFar: restarts) else {
                state = status.isSuccess ? .completed : .failed(reason: status.description)
                return [
                    .announce(.ended(status, restarts: restarts)),
                    .finish(status.isSuccess ? .completed : .failed(status)),
                ]
            }
            return restartWithBackoff(after: status)
        default:
            return []
        }
    }

    private mutating func restartWithBackoff(after status: ExitStatus) -> [Action] {
        consecutiveFailures += 1
        restarts += 1
        let delay = backoff.delay(forFailure: consecutiveFailures)
        state = .backoff(last: status, delay: delay)
        return [.announce(.restarting(status, delay: delay)), .startTimer(newTimer(.restart), after: delay)]
    }

    private mutating func timerFired(_ timer: Timer) -> [Action] {
        guard timer == liveTimer else { return [] }
        liveTimer = nil
        switch (timer.purpose, state) {
        case (.restart, .backoff):
            state = .starting
            return [.spawn]
        case (.kill, .stopping):
            killed = true
            return [.signal(.kill), .announce(.killedAfterGrace(gracePeriod))]
        default:
            return []
        }
    }

    private mutating func stop() -> [Action] {
        switch state {
        case .pending, .backoff:
            liveTimer = nil
            state = .stopped
            return [.finish(.stopped(forced: false))]
        case .stopping where restartAfterStop || restartRequested:
            // Already stopping to restart: now it stays stopped.
            restartAfterStop = false
            restartRequested = false
            return []
        case .starting:
            stopRequested = true
            return []
        case .running(let pid), .ready(let pid), .unhealthy(let pid, _):
            state = .stopping(pid: pid)
            return [.signal(stopSignal), .startTimer(newTimer(.kill), after: gracePeriod)]
        case .stopping, .stopped, .completed, .failed, .blocked:
            return []
        }
    }

    private mutating func kill() -> [Action] {
        switch state {
        case .starting:
            killRequested = true
            return []
        case .running(let pid), .ready(let pid), .unhealthy(let pid, _), .stopping(let pid):
            liveTimer = nil
            killed = true
            restartAfterStop = false
            restartRequested = false
            state = .stopping(pid: pid)
            return [.signal(.kill)]
        default:
            return stop()
        }
    }

    private mutating func newTimer(_ purpose: Timer.Purpose) -> Timer {
        timerSequence += 1
        let timer = Timer(purpose: purpose, sequence: timerSequence)
        liveTimer = timer
        return timer
    }
}
