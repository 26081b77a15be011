#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Settings of the broker engine and server.
public struct BrokerConfiguration: Sendable {
    /// Protocol limits and defaults.
    public var limits = NSQLimits()
    /// The most messages a channel (or a topic's backlog) holds; further messages are dropped and counted.
    public var queueCapacity = 1_000_000
    /// The interval of the timeout/deferred scan, which runs only while messages are in flight or deferred.
    public var scanIntervalNanoseconds: UInt64 = 100_000_000
    /// The clock used for deadlines and timestamps.
    public var clock = BrokerClock.system

    /// Creates the defaults.
    public init() {}
}

/// The time sources of the broker, injectable for tests.
public struct BrokerClock: Sendable {
    /// Monotonic nanoseconds, used for every deadline.
    public var monotonicNanoseconds: @Sendable () -> UInt64
    /// Nanoseconds since the Unix epoch, used for message timestamps.
    public var unixNanoseconds: @Sendable () -> Int64

    /// Creates a clock from two time sources.
    public init(
        monotonicNanoseconds: @escaping @Sendable () -> UInt64,
        unixNanoseconds: @escaping @Sendable () -> Int64
    ) {
        self.monotonicNanoseconds = monotonicNanoseconds
        self.unixNanoseconds = unixNanoseconds
    }

    /// The system's monotonic and real-time clocks.
    public static let system = BrokerClock(
        monotonicNanoseconds: { read(CLOCK_MONOTONIC).magnitude },
        unixNanoseconds: { read(CLOCK_REALTIME) }
    )

    private static func read(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
