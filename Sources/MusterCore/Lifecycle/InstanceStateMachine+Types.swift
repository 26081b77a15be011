extension InstanceStateMachine {
    /// Something that happened to the instance.
    package enum Event: Sendable, Hashable {
        /// Start it (at launch, or on the user's request).
        case start
        /// The process was spawned with this pid.
        case spawned(pid: Int32, at: Instant)
        /// The process could not be spawned.
        case spawnFailed(reason: String)
        /// The process ended.
        case exited(ExitStatus, at: Instant)
        /// A timer the machine asked for has fired.
        case timerFired(Timer)
        /// Stop it gracefully: stop signal, then SIGKILL after the grace period.
        case stop
        /// Kill it now (a second Ctrl-C).
        case kill
        /// Its readiness check passed for the first time since it started.
        case becameReady(after: Duration)
        /// Its health check failed `retries` times in a row after it had been ready.
        case becameUnhealthy(reason: String)
        /// Its health check passes again.
        case becameHealthy
        /// A dependency can never satisfy its condition: it must not start.
        case block(reason: String)
        /// The user asked for a restart: stop it gracefully if it runs, then start it at once.
        case restart
    }

    /// Something the owner must do.
    package enum Action: Sendable, Hashable {
        /// Spawn the process, then report `.spawned` or `.spawnFailed`.
        case spawn
        /// Send a signal to the instance's process group.
        case signal(ProcessSignal)
        /// Report `.timerFired(timer)` after `delay`; a newer timer replaces it.
        case startTimer(Timer, after: Duration)
        /// Tell the user.
        case announce(Announcement)
        /// The instance reached a final state with this outcome.
        case finish(InstanceOutcome)
    }

    /// A timer the machine asked for; stale ones are ignored when they fire.
    package struct Timer: Sendable, Hashable {
        /// What the timer is for.
        package enum Purpose: Sendable, Hashable {
            /// The backoff before a restart.
            case restart
            /// The end of the stop grace period.
            case kill
        }
        /// What the timer is for.
        package var purpose: Purpose
        /// Which timer of this machine it is.
        package var sequence: Int
    }

    /// A line worth telling the user.
    package enum Announcement: Sendable, Hashable {
        /// The process started.
        case started(pid: Int32)
        /// The process ended and is restarted after `delay`.
        case restarting(ExitStatus, delay: Duration)
        /// The process ended by itself and will not be restarted.
        case ended(ExitStatus, restarts: Int)
        /// The process ended after being asked to stop.
        case stopped(ExitStatus)
        /// It outlived its grace period and was sent SIGKILL.
        case killedAfterGrace(Duration)
        /// It could not be started.
        case couldNotStart(reason: String)
        /// It became ready this long after it started.
        case ready(after: Duration)
        /// Its health check failed; it is restarted when its policy allows.
        case unhealthy(reason: String, restarting: Bool)
        /// Its health check passes again.
        case healthyAgain
        /// It will not start, and why.
        case blocked(reason: String)
        /// It is running but not ready yet, and why (from its readiness check).
        case notReadyYet(detail: String)
    }
}
