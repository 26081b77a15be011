/// Where an instance is, as the control API's documents and the CLI name it: ``InstanceState``
/// without its values. It becomes a string only in a wire document and is never parsed back
/// inside the supervisor.
public enum InstancePhase: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Not started yet.
    case pending
    /// Being spawned.
    case starting
    /// Running, not ready yet.
    case running
    /// Running and ready.
    case ready
    /// Was ready; its health check now fails.
    case unhealthy
    /// Asked to stop.
    case stopping
    /// Ended; restarts after a delay.
    case backoff
    /// Stopped by the user or by shutdown.
    case stopped
    /// Ran to completion successfully.
    case completed
    /// Ended for good.
    case failed
    /// Never started: a dependency can never satisfy its condition.
    case blocked

    /// The word: `running`, `backoff` ...
    public var description: String { rawValue }

    /// Whether nothing will start it again by itself, so waiting for it to be up is futile.
    public var cannotComeUp: Bool {
        switch self {
        case .failed, .blocked, .stopped: true
        default: false
        }
    }
}
