/// The delay before a crashed instance is started again: 100 ms, doubling, capped at 30 s, and
/// back to the start once an instance has stayed up for 10 s.
package struct Backoff: Sendable, Hashable {
    /// The first delay.
    package var initial: Duration = .milliseconds(100)
    /// The longest delay.
    package var maximum: Duration = .seconds(30)
    /// How long an instance must run for the delay to start over.
    package var resetAfter: Duration = .seconds(10)

    /// The default schedule.
    package init() {}

    /// The delay before restart number `consecutiveFailures` (1 for the first).
    package func delay(forFailure consecutiveFailures: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(1, consecutiveFailures) {
            delay = delay * 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
