import MusterCore
import MusterTesting
import Synchronization

/// Collects the events a `HealthChecker` reports, for tests to wait on.
final class HealthEventRecorder: Sendable {
    private let recorded = Mutex<[HealthEvent]>([])

    /// Every event so far, in order.
    var events: [HealthEvent] { recorded.withLock { $0 } }

    /// Keeps `event`.
    func record(_ event: HealthEvent) {
        recorded.withLock { $0.append(event) }
    }

    /// Waits until some event satisfies `matches`, and returns all events up to it.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Duration = .seconds(30), _ matches: @escaping (HealthEvent) -> Bool
    ) async throws -> [HealthEvent] {
        var upToMatch: [HealthEvent] = []
        try await waitUntil(what, timeout: timeout) {
            let sofar = self.events
            guard let match = sofar.firstIndex(where: matches) else { return false }
            upToMatch = Array(sofar[...match])
            return true
        }
        return upToMatch
    }
}

extension HealthEvent {
    /// Whether this is `.ready`, whatever the time.
    var isReady: Bool { if case .ready = self { true } else { false } }
    /// Whether this is `.unhealthy`, whatever the reason.
    var isUnhealthy: Bool { if case .unhealthy = self { true } else { false } }
    /// Whether this is `.notReadyYet`, whatever the detail.
    var isNotReadyYet: Bool { if case .notReadyYet = self { true } else { false } }
}
