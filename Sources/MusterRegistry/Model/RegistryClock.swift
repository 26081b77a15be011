/// The clock a registry and its check scheduler share: any clock measuring in `Duration`, its
/// instants seen as the time since the registry was made, so that neither needs to be generic.
/// Production uses `ContinuousClock`; tests inject a clock that moves only when they say.
struct RegistryClock: Clock {
    /// A point in registry time: how long after the registry was made.
    struct Instant: InstantProtocol {
        /// Time since the registry was made.
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    let minimumResolution: Duration
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (_ offset: Duration, _ tolerance: Duration?) async throws -> Void

    /// Registry time on `clock`, starting now.
    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        minimumResolution = clock.minimumResolution
        elapsed = { origin.duration(to: clock.now) }
        sleeper = { offset, tolerance in
            try await clock.sleep(until: origin.advanced(by: offset), tolerance: tolerance)
        }
    }

    var now: Instant { Instant(offset: elapsed()) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try await sleeper(deadline.offset, tolerance)
    }
}
