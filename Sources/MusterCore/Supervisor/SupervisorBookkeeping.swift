/// What the supervisor knows about the run: each instance's state and outcome, why it is
/// stopping, and from that the exit code (design §1).
struct SupervisorBookkeeping: Sendable {
    private(set) var states: [String: InstanceState]
    private(set) var restarts: [String: Int] = [:]
    private(set) var outcomes: [String: InstanceOutcome] = [:]
    private(set) var everStarted: Set<String> = []
    private(set) var everReady: Set<String> = []
    private var firstFailureCode: Int32?
    private var requestedExitCode: Int32?
    var shutdown: ShutdownReason?
    var forced = false
    var lingeringGroups: Set<ProcessGroup> = []

    init(instances: [InstancePlan]) {
        states = Dictionary(uniqueKeysWithValues: instances.map { ($0.name, InstanceState.pending) })
    }

    /// What the dependency graph needs to decide.
    var progress: DependencyGraph.Progress {
        DependencyGraph.Progress(states: states, everStarted: everStarted, everReady: everReady)
    }

    /// Every instance has reached a final state.
    var allFinal: Bool { states.values.allSatisfy(\.isFinal) }

    /// Notes a decision just sent to an instance, before the instance itself reports it, so the
    /// same decision is not taken twice.
    mutating func record(_ name: String, state: InstanceState) {
        states[name] = state
    }

    mutating func record(_ instance: InstancePlan, state: InstanceState, restarts count: Int) {
        states[instance.name] = state
        restarts[instance.name] = count
        switch state {
        case .running: everStarted.insert(instance.name)
        case .ready, .unhealthy:
            everStarted.insert(instance.name)
            everReady.insert(instance.name)
        case .completed:
            everStarted.insert(instance.name)
        default: break
        }
    }

    /// Records how an instance finished; returns a reason to stop the stack when that follows.
    mutating func finished(_ instance: InstancePlan, _ outcome: InstanceOutcome, abortOnExit: Bool) -> ShutdownReason? {
        outcomes[instance.name] = outcome
        let code: Int32? =
            switch outcome {
            case .completed: nil
            case .failed(let status): status.shellCode
            case .couldNotStart: 127
            case .stopped: nil
            case .blocked: 1
            }
        if let code, firstFailureCode == nil { firstFailureCode = code }
        guard shutdown == nil else { return nil }
        if abortOnExit {
            let status: ExitStatus =
                switch outcome {
                case .failed(let status): status
                case .couldNotStart: .exited(code: 127)
                case .blocked: .exited(code: 1)
                case .completed, .stopped: .exited(code: 0)
                }
            requestedExitCode = status.shellCode
            return .instanceEnded(instance.displayName, status)
        }
        if instance.exitOnFailure, let code {
            requestedExitCode = code
            return .instanceFailed(instance.displayName, "exit code \(code)")
        }
        return nil
    }

    /// The exit code of the whole run.
    var exitCode: Int32 {
        if forced { return 130 }
        if let requestedExitCode { return requestedExitCode }
        switch shutdown {
        case .requested, .signal:
            let killed = outcomes.values.contains { $0 == .stopped(forced: true) }
            return killed ? 1 : 0
        default:
            return firstFailureCode ?? 0
        }
    }
}
