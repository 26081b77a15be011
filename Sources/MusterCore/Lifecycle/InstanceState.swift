/// Where one service instance is in its life (design §3).
public enum InstanceState: Sendable, Hashable, CustomStringConvertible {
    /// Not started yet.
    case pending
    /// Being spawned.
    case starting
    /// Its process is running.
    case running(pid: Int32)
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

    /// Whether the instance is done and nothing will start it again by itself.
    public var isFinal: Bool {
        switch self {
        case .stopped, .completed, .failed: true
        default: false
        }
    }

    /// A short word for status tables: `running`, `backoff`, `failed` ...
    public var description: String {
        switch self {
        case .pending: "pending"
        case .starting: "starting"
        case .running: "running"
        case .stopping: "stopping"
        case .backoff: "backoff"
        case .stopped: "stopped"
        case .completed: "completed"
        case .failed: "failed"
        }
    }
}
