#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `muster wait` decides from instance states: done, keep waiting, or give up.
public enum WaitCondition {
    /// What to wait for (`--for`).
    public enum Condition: String, Sendable, Hashable, CaseIterable {
        /// It has run: its process started (it may have ended or be restarting since).
        case started
        /// It is ready (health check passed, port open, or running without either), or completed.
        case ready
        /// It ran to completion with exit code 0.
        case completed
    }

    /// The answer for a set of instances.
    public enum Verdict: Sendable, Hashable {
        /// Every instance meets the condition.
        case satisfied
        /// Not yet; the sentence says what each pending instance is doing.
        case waiting(String)
        /// It can never happen; the sentence says why.
        case impossible(String)
    }

    /// Decides for every instance of the named services; an empty list is impossible (nothing matched).
    public static func evaluate(instances: [InstanceStatus], for condition: Condition) -> Verdict {
        guard !instances.isEmpty else { return .impossible("no instance matches") }
        var pending: [String] = []
        for instance in instances {
            switch verdict(for: instance, condition) {
            case .satisfied: continue
            case .waiting(let text): pending.append(text)
            case .impossible(let text): return .impossible(text)
            }
        }
        return pending.isEmpty ? .satisfied : .waiting(pending.joined(separator: ", "))
    }

    /// The verdict for one instance.
    public static func verdict(for instance: InstanceStatus, _ condition: Condition) -> Verdict {
        let state = instance.state
        let because = instance.reason.flatMap { $0.isEmpty ? nil : ": \($0)" } ?? ""
        switch state {
        case .failed:
            return .impossible("\(instance.name) failed\(because), so it will never be \(condition.rawValue)")
        case .blocked:
            return .impossible("\(instance.name) is blocked\(because), so it will never be \(condition.rawValue)")
        case .stopped:
            return .impossible(
                "\(instance.name) is stopped, so it will not be \(condition.rawValue) until you run "
                    + "muster start-service \(instance.service)")
        default:
            break
        }
        let satisfying: Set<InstancePhase> =
            switch condition {
            case .started: [.running, .ready, .unhealthy, .stopping, .backoff, .completed]
            case .ready: [.ready, .completed]
            case .completed: [.completed]
            }
        return satisfying.contains(state) ? .satisfied : .waiting("\(instance.name) is \(state)\(because)")
    }

    /// The instances an argument names: a service (`web`), an instance (`web.1`), or a glob (`web*`).
    public static func instances(matching pattern: String, in instances: [InstanceStatus]) -> [InstanceStatus] {
        instances.filter { instance in
            [instance.service, instance.name, instance.displayName].contains { name in
                name == pattern || fnmatch(pattern, name, 0) == 0
            }
        }
    }
}
