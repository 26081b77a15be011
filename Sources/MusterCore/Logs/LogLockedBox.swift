import Synchronization

/// A value behind a `Mutex`, for values that `Mutex.withLock`'s `inout sending` parameter cannot
/// express: the log hot path mutates a ring buffer from within a closure that also touches the
/// (non-Sendable) pipe handler, which region checking rejects although access is serialised.
final class LogLockedBox<Value>: @unchecked Sendable {
    private let mutex = Mutex(())
    // Only ever accessed while `mutex` is held.
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try self.mutex.withLock { _ in
            try body(&self.value)
        }
    }
}
