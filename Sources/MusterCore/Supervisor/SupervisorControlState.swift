#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the supervisor keeps for the control API: who listens to state changes, when each
/// instance's current run started, and which instances the user stopped.
struct SupervisorControlState: Sendable {
    /// The listeners to state changes.
    var listeners = TransitionBroadcast()
    private(set) var startedAt: [String: Double] = [:]
    /// Instances stopped through the API; they keep the stack up until started again.
    var userStopped: Set<String> = []

    /// Records a transition and tells every listener.
    mutating func changed(_ instance: InstancePlan, from old: InstanceState?, to state: InstanceState) {
        let now = Date().timeIntervalSince1970
        switch state {
        case .running: startedAt[instance.name] = now
        case .stopped, .completed, .failed, .blocked: startedAt.removeValue(forKey: instance.name)
        default: break
        }
        listeners.send(
            InstanceTransition(instance: instance.name, service: instance.service, old: old, new: state, time: now))
    }

    /// Ends every listener's stream.
    mutating func finish() {
        listeners.finish()
    }
}
