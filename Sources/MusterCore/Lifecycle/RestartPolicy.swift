/// When a service that ended is started again (Compose's `restart:` values).
package enum RestartPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Never restart.
    case no
    /// Restart after any exit, unless the user stopped the service.
    case always
    /// Restart after a non-zero exit or death by a signal, at most `maxRestarts` times when given.
    case onFailure(maxRestarts: Int?)
    /// Like `always`: Muster has no daemon restarts to tell the two apart.
    case unlessStopped

    /// Parses `no`, `always`, `on-failure`, `on-failure:5`, `unless-stopped`; nil when invalid.
    package init?(parsing text: String) {
        switch text {
        case "no", "never": self = .no
        case "always": self = .always
        case "unless-stopped": self = .unlessStopped
        case "on-failure": self = .onFailure(maxRestarts: nil)
        default:
            let digits = text.dropFirst("on-failure:".count)
            guard text.hasPrefix("on-failure:"), !digits.isEmpty, digits.allSatisfy(\.isASCII),
                digits.allSatisfy(\.isNumber), let count = Int(digits)
            else { return nil }
            self = .onFailure(maxRestarts: count)
        }
    }

    /// The policy as written in a stack file.
    package var description: String {
        switch self {
        case .no: "no"
        case .always: "always"
        case .unlessStopped: "unless-stopped"
        case .onFailure(nil): "on-failure"
        case .onFailure(let count?): "on-failure:\(count)"
        }
    }

    /// Whether an instance that turned unhealthy, after `restarts` restarts so far, is restarted.
    package func restartsWhenUnhealthy(restartsSoFar restarts: Int) -> Bool {
        switch self {
        case .no: false
        case .always, .unlessStopped: true
        case .onFailure(let limit): limit.map { restarts < $0 } ?? true
        }
    }

    /// Whether an instance that ended with `status`, after `restarts` restarts so far, runs again.
    package func restarts(after status: ExitStatus, restartsSoFar restarts: Int) -> Bool {
        switch self {
        case .no: false
        case .always, .unlessStopped: true
        case .onFailure(let limit):
            !status.isSuccess && (limit.map { restarts < $0 } ?? true)
        }
    }
}
