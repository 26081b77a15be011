/// An injected clock: any clock measuring in `Duration`, its instants seen as the time since this
/// value was made, so that what sleeps on it (the supervisor's runners, the registry and its check
/// scheduler) need not be generic. Production wraps `ContinuousClock`; tests wrap a clock that
/// moves only when they say.
public struct RuntimeClock: Clock {
    /// A point in runtime: how long after the clock was made.
    public struct Instant: InstantProtocol {
        /// Time since the clock was made.
        public var offset: Duration

        /// The instant `offset` after the clock was made.
        public init(offset: Duration) { self.offset = offset }

        /// The instant `duration` later.
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        /// The time from this instant to `other`.
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        /// Whether `lhs` comes first.
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    /// The wrapped clock's resolution.
    public let minimumResolution: Duration
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (_ offset: Duration, _ tolerance: Duration?) async throws -> Void

    /// Time on `clock`, starting now.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        minimumResolution = clock.minimumResolution
        elapsed = { origin.duration(to: clock.now) }
        sleeper = { offset, tolerance in
            try await clock.sleep(until: origin.advanced(by: offset), tolerance: tolerance)
        }
    }

    /// Real time, on the continuous clock.
    public static var continuous: RuntimeClock { RuntimeClock(ContinuousClock()) }

    /// The time since the clock was made.
    public var now: Instant { Instant(offset: elapsed()) }

    /// Suspends until `deadline` on the wrapped clock.
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try await sleeper(deadline.offset, tolerance)
    }
}
