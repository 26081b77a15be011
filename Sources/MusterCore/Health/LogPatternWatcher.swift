import Synchronization

/// Watches an instance's output lines for a `log:` healthcheck pattern. Thread-safe; after the
/// first match, `observe(line:)` costs one atomic load.
package final class LogPatternWatcher: Sendable {
    /// The regular expression, as configured.
    package let pattern: String

    private let matched = Atomic<Bool>(false)
    private let waiters: Mutex<Waiters>

    /// The compiled pattern (`Regex` is not `Sendable`, so it lives behind the lock), and the
    /// tasks waiting for the match, by ticket.
    private struct Waiters: ~Copyable {
        let regex: Regex<AnyRegexOutput>
        var nextTicket = 0
        var continuations: [Int: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<Int> = []
    }

    /// A watcher for `pattern`; throws when it is not a valid regular expression.
    package init(pattern: String) throws(HealthCheckError) {
        self.pattern = pattern
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern)
        } catch {
            throw .invalidPattern(pattern, reason: "\(error)")
        }
        waiters = Mutex(Waiters(regex: regex))
    }

    /// Whether a line has matched.
    package var hasMatched: Bool { matched.load(ordering: .acquiring) }

    /// Looks at one output line; true for the first line that matches, false for every other.
    package func observe(line: String) -> Bool {
        guard !matched.load(ordering: .relaxed) else { return false }
        let ready = waiters.withLock { waiters -> [CheckedContinuation<Void, Never>]? in
            guard !matched.load(ordering: .relaxed), line.contains(waiters.regex) else { return nil }
            matched.store(true, ordering: .releasing)
            defer { waiters.continuations.removeAll() }
            return Array(waiters.continuations.values)
        }
        guard let ready else { return false }
        for continuation in ready { continuation.resume() }
        return true
    }

    /// Returns once a line has matched (at once if one already has), or when the task is cancelled.
    package func waitForMatch() async {
        let ticket = waiters.withLock { waiters in
            defer { waiters.nextTicket += 1 }
            return waiters.nextTicket
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = waiters.withLock { waiters in
                    if hasMatched || waiters.cancelled.remove(ticket) != nil { return true }
                    waiters.continuations[ticket] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = waiters.withLock { waiters in
                guard let continuation = waiters.continuations.removeValue(forKey: ticket) else {
                    // Not waiting yet: tell the registration to return at once (unless it has matched).
                    if !hasMatched { waiters.cancelled.insert(ticket) }
                    return nil as CheckedContinuation<Void, Never>?
                }
                return continuation
            }
            continuation?.resume()
        }
    }
}
