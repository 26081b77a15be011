#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the supervisor keeps for the control API: who listens to state changes, when each
/// instance's current run started, and which instances the user stopped.
struct SupervisorControlState: Sendable {
    private var subscribers: [Int: AsyncStream<StateChange>.Continuation] = [:]
    private var nextSubscriber = 0
    private(set) var startedAt: [String: Double] = [:]
    /// Instances stopped through the API; they keep the stack up until started again.
    var userStopped: Set<String> = []

    /// A new listener for state changes; ended by `finish()`.
    mutating func subscribe() -> (id: Int, stream: AsyncStream<StateChange>) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: StateChange.self, bufferingPolicy: .bufferingNewest(1000))
        nextSubscriber += 1
        subscribers[nextSubscriber] = continuation
        return (nextSubscriber, stream)
    }

    mutating func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)
    }

    /// Records a transition and tells every listener.
    mutating func changed(_ instance: InstancePlan, to state: InstanceState) {
        let now = Date().timeIntervalSince1970
        switch state {
        case .running: startedAt[instance.name] = now
        case .stopped, .completed, .failed, .blocked: startedAt.removeValue(forKey: instance.name)
        default: break
        }
        let change = StateChange(
            instance: instance.name, service: instance.service, state: state.description, reason: state.reason,
            time: now)
        for subscriber in subscribers.values { subscriber.yield(change) }
    }

    /// Ends every listener's stream.
    mutating func finish() {
        subscribers.values.forEach { $0.finish() }
        subscribers.removeAll()
    }
}

extension InstanceState {
    /// Why it failed, is blocked or unhealthy.
    var reason: String? {
        switch self {
        case .failed(let reason), .blocked(let reason), .unhealthy(_, let reason): reason
        default: nil
        }
    }
}
