import MusterCore

/// Whether a stack is ready for an end-to-end test: every instance ready, or completed (a
/// oneshot job that exited 0 is never a failure).
enum StackReadiness: Equatable {
    /// Everything is ready or done.
    case ready
    /// Still waiting, for these instances.
    case waiting([InstanceStatus])
    /// It can never become ready: this instance failed, is blocked or was stopped.
    case impossible(InstanceStatus)

    init(_ instances: [InstanceStatus]) {
        if let broken = instances.first(where: { $0.state.cannotComeUp }) {
            self = .impossible(broken)
            return
        }
        let waiting = instances.filter { $0.state != .ready && $0.state != .completed }
        self = waiting.isEmpty ? .ready : .waiting(waiting)
    }
}
