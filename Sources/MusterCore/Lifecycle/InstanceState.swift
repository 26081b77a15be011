/// Where one service instance is in its life (design §3).
package enum InstanceState: Sendable, Hashable, CustomStringConvertible {
    /// Not started yet.
    case pending
    /// Being spawned.
    case starting
    /// Its process is running but not ready yet.
    case running(pid: Int32)
    /// Its process is running and ready: its health check passed (or port accepts, or no check).
    case ready(pid: Int32)
    /// It was ready, and its health check now fails.
    case unhealthy(pid: Int32, reason: String)
    /// Asked to stop; waiting for its process group to end.
    case stopping(pid: Int32)
    /// Ended and waiting `delay` before it starts again.
    case backoff(last: ExitStatus, delay: Duration)
    /// Stopped by the user or by shutdown.
    case stopped
    /// A run that ended by itself and is not to be restarted, successfully.
    case completed
    /// Ended for good: the restart policy gave up, or it could not be started.
    case failed(reason: String)
    /// Never started: a dependency can never satisfy its condition.
    case blocked(reason: String)

    /// Whether the instance is done and nothing will start it again by itself.
    package var isFinal: Bool {
        switch self {
        case .stopped, .completed, .failed, .blocked: true
        default: false
        }
    }

    /// The pid of its process, when it has one running.
    package var pid: Int32? {
        switch self {
        case .running(let pid), .ready(let pid), .unhealthy(let pid, _), .stopping(let pid): pid
        default: nil
        }
    }

    /// Its phase, the word status tables and the control API show.
    package var phase: InstancePhase {
        switch self {
        case .pending: .pending
        case .starting: .starting
        case .running: .running
        case .ready: .ready
        case .unhealthy: .unhealthy
        case .stopping: .stopping
        case .backoff: .backoff
        case .stopped: .stopped
        case .completed: .completed
        case .failed: .failed
        case .blocked: .blocked
        }
    }

    /// Why it failed, is blocked or unhealthy.
    package var reason: String? {
        switch self {
        case .failed(let reason), .blocked(let reason), .unhealthy(_, let reason): reason
        default: nil
        }
    }

    /// Whether its process has ended (or never ran): a process that registered itself is gone.
    package var processHasEnded: Bool {
        switch self {
        case .backoff, .stopped, .completed, .failed: true
        default: false
        }
    }

    /// The phase's word: `running`, `backoff`, `failed` ...
    package var description: String { phase.rawValue }
}
