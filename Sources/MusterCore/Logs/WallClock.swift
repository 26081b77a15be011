#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One reading of the wall clock: whole seconds since the epoch and the exact time.
struct WallClock {
    var seconds: Int
    var secondsSince1970: Double

    /// Reads the system's real-time clock.
    static func now() -> WallClock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return WallClock(
            seconds: Int(spec.tv_sec),
            secondsSince1970: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
        )
    }

    /// Formats `seconds` as local `HH:MM:SS` into eight ASCII bytes.
    static func localTimeOfDay(_ seconds: Int) -> [UInt8] {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        func twoDigits(_ value: Int32) -> [UInt8] {
            [UInt8(truncatingIfNeeded: 0x30 + value / 10), UInt8(truncatingIfNeeded: 0x30 + value % 10)]
        }
        let colon: [UInt8] = [0x3A]
        return twoDigits(parts.tm_hour) + colon + twoDigits(parts.tm_min) + colon + twoDigits(parts.tm_sec)
    }
}
