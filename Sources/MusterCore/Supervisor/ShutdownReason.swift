import UnixSignals

/// Why the stack is being stopped.
enum ShutdownReason: Sendable, Hashable {
    /// The user asked: a control request or the service group's graceful shutdown.
    case requested
    /// A signal reached Muster.
    case signal(UnixSignal)
    /// `--abort-on-exit`: this instance ended.
    case instanceEnded(String, ExitStatus)
    /// An `exit_on_failure` instance failed for good.
    case instanceFailed(String, String)

    /// The line Muster prints as shutdown begins.
    var announcement: String {
        switch self {
        case .requested:
            "stopping every service"
        case .signal(let signal):
            "received \(signal), stopping every service (press Ctrl-C again to kill them at once)"
        case .instanceEnded(let name, let status):
            "\(name) \(status), and --abort-on-exit is set: stopping every service"
        case .instanceFailed(let name, let reason):
            "\(name) failed for good (\(reason)) and has exit_on_failure set: stopping every service"
        }
    }

    /// Whether the shutdown was caused by a failure (printed in red).
    var isFailure: Bool {
        switch self {
        case .requested, .signal: false
        case .instanceEnded(_, let status): !status.isSuccess
        case .instanceFailed: true
        }
    }
}
