import Synchronization

/// The blocking queries parked until the next write (`shared/protocols.md` §4.8): each waits for
/// the count of writes to move past the one it saw, for the registry to stop, or for its task to
/// be cancelled, whichever comes first. Safe to use from any task, so that cancellation releases
/// a waiter at once.
final class ParkedQueries: Sendable {
    private struct State {
        var writes: UInt64 = 0
        var isStopped = false
        var nextTicket = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// How many writes have woken the parked queries so far.
    var writes: UInt64 { state.withLock { $0.writes } }

    /// How many queries are parked now.
    var count: Int { state.withLock { $0.waiters.count } }

    /// Whether the registry has stopped: queries no longer park.
    var isStopped: Bool { state.withLock { $0.isStopped } }

    /// Counts a write and wakes every parked query.
    func wake() {
        resumeAll { $0.writes += 1 }
    }

    /// Wakes every parked query, and parks none from now on.
    func stop() {
        resumeAll { $0.isStopped = true }
    }

    /// Suspends until a write after the `seen`-th, until stopped, or until the task is cancelled.
    func wait(after seen: UInt64) async {
        let ticket = state.withLock { state in
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let parked = state.withLock { state in
                    guard state.writes == seen, !state.isStopped, !Task.isCancelled else { return false }
                    state.waiters[ticket] = continuation
                    return true
                }
                if !parked { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: ticket) }?.resume()
        }
    }

    private func resumeAll(after change: (inout State) -> Void) {
        let woken = state.withLock { state in
            change(&state)
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }
}
