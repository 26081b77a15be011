/// Who waits for whom among the instances of a stack, and what that allows now: which pending
/// instances may start, which can never start (blocked, with the reason), and at shutdown which
/// instances may stop (those no running instance depends on: reverse dependency order).
struct DependencyGraph: Sendable {
    /// What is known of each instance's history, besides its current state.
    struct Progress: Sendable {
        var states: [String: InstanceState]
        /// Instances whose process has run at least once.
        var everStarted: Set<String>
        /// Instances that have been ready at least once.
        var everReady: Set<String>
    }

    private let instances: [InstancePlan]
    private let instancesOfService: [String: [String]]
    /// The instances that depend on each service, so that shutdown asks only those (asking
    /// every instance about every other made stopping 1,000 replicas cubic).
    private let dependentsOfService: [String: [String]]

    init(instances: [InstancePlan]) {
        self.instances = instances
        instancesOfService = Dictionary(grouping: instances, by: \.service).mapValues { $0.map(\.name) }
        var dependents: [String: [String]] = [:]
        for instance in instances {
            for service in Set(instance.dependencies.map(\.service)) {
                dependents[service, default: []].append(instance.name)
            }
        }
        dependentsOfService = dependents
    }

    /// Pending instances whose every dependency is satisfied, and pending ones that must be blocked.
    func startDecisions(_ progress: Progress) -> (start: [String], block: [(name: String, reason: String)]) {
        var start: [String] = []
        var block: [(String, String)] = []
        for instance in instances where progress.states[instance.name] == .pending {
            var waiting = false
            var blocker: String?
            for dependency in instance.dependencies {
                switch evaluate(dependency, progress) {
                case .satisfied: continue
                case .waiting: waiting = true
                case .never(let reason): blocker = blocker ?? reason
                }
            }
            if let blocker {
                block.append((instance.name, blocker))
            } else if !waiting {
                start.append(instance.name)
            }
        }
        return (start, block)
    }

    /// Instances still running that no unfinished instance depends on: they may stop now.
    func stoppable(_ progress: Progress) -> [String] {
        instances.filter { instance in
            guard let state = progress.states[instance.name], !state.isFinal else { return false }
            return !(dependentsOfService[instance.service] ?? []).contains { dependent in
                progress.states[dependent].map { !$0.isFinal } ?? false
            }
        }.map(\.name)
    }

    private enum Verdict {
        case satisfied
        case waiting
        case never(String)
    }

    private func evaluate(_ dependency: Dependency, _ progress: Progress) -> Verdict {
        var verdict = Verdict.satisfied
        for name in instancesOfService[dependency.service] ?? [] {
            let state = progress.states[name] ?? .pending
            if isSatisfied(dependency.condition, name, state, progress) { continue }
            if let reason = neverReason(dependency, state, progress.everReady.contains(name)) {
                return .never(reason)
            }
            verdict = .waiting
        }
        return verdict
    }

    private func isSatisfied(
        _ condition: Dependency.Condition, _ name: String, _ state: InstanceState, _ progress: Progress
    ) -> Bool {
        switch condition {
        case .started: progress.everStarted.contains(name)
        case .healthy: progress.everReady.contains(name)
        case .completedSuccessfully: state == .completed
        }
    }

    /// Why `dependency` can never be met by an instance in `state`; nil while it still may be.
    private func neverReason(_ dependency: Dependency, _ state: InstanceState, _ wasReady: Bool) -> String? {
        let name = dependency.service
        let beforeReady = dependency.condition == .completedSuccessfully ? "" : " before it was ready"
        switch state {
        case .failed(let reason):
            return "\(name) \(reason)\(beforeReady)"
        case .blocked(let reason):
            return "\(name) is blocked (\(reason))"
        case .completed where dependency.condition == .healthy && !wasReady:
            return "\(name) exited with code 0 before it was ready"
        default:
            return nil
        }
    }
}
