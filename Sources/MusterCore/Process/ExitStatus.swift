import CMusterSystem

/// How a child process ended: a value, never an error.
public enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// The process called exit with this code.
    case exited(code: Int32)
    /// The process was terminated by this signal.
    case signaled(signal: Int32)

    /// Whether the process exited with code 0.
    public var isSuccess: Bool { self == .exited(code: 0) }

    /// The code a shell would report: the exit code, or 128 + the signal number.
    public var shellCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    /// "exited with code 1" or "was killed by SIGKILL".
    public var description: String {
        switch self {
        case .exited(let code): "exited with code \(code)"
        case .signaled(let signal): "was killed by \(ProcessSignal(rawValue: signal).name)"
        }
    }

    init(waitStatus: Int32) {
        if muster_wifsignaled(waitStatus) != 0 {
            self = .signaled(signal: muster_wtermsig(waitStatus))
        } else {
            self = .exited(code: muster_wexitstatus(waitStatus))
        }
    }
}
