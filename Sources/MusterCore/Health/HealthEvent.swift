/// What a `HealthChecker` reports about its instance.
package enum HealthEvent: Sendable, Hashable {
    /// The check passed for the first time, this long after the checker started.
    case ready(after: Duration)
    /// It had been ready and the check failed `retries` times in a row.
    case unhealthy(reason: String)
    /// It was unhealthy and the check passes again.
    case healthyAgain
    /// It is still not ready, and why; at most once every 5 seconds, the first after 5 seconds.
    case notReadyYet(detail: String)
}
