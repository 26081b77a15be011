/// Buffers reused by every batch on the log event loop, so the hot path allocates nothing.
final class LoopScratch {
    /// The printed lines of the current batch.
    let output = ByteAccumulator(initialCapacity: 128 * 1024)
    /// The log-file lines of the current batch.
    let file = ByteAccumulator()
    /// The `HH:MM:SS` of the current second.
    var timestamps = TimestampCache()
}
