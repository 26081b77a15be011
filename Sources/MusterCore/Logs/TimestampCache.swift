/// Caches the `HH:MM:SS` bytes of the current second, so a batch costs no formatting.
struct TimestampCache {
    private var second = Int.min
    private(set) var bytes: [UInt8] = Array(repeating: 0x30, count: 8)

    /// Returns the `HH:MM:SS` bytes for `seconds`, reformatting only when the second changed.
    mutating func stamp(for seconds: Int) -> [UInt8] {
        if seconds != self.second {
            self.second = seconds
            self.bytes = WallClock.localTimeOfDay(seconds)
        }
        return self.bytes
    }
}
