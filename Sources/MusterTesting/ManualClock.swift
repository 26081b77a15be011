import MusterNet
import Synchronization

/// A clock that moves only when a test advances it; sleepers wake when their deadline is reached.
public final class ManualClock: Clock, Sendable {
    /// A point on the manual clock: the time advanced since it was created (the injected clock's
    /// own instant, so that a test can hand the runtime the instants it reads here).
    public typealias Instant = RuntimeClock.Instant

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextTicket = 0
        var sleepers: [Int: Sleeper] = [:]
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())

    /// A clock at offset zero.
    public init() {}

    /// The current instant, moved only by ``advance(by:)``.
    public var now: Instant { state.withLock { $0.now } }
    /// No resolution limit.
    public var minimumResolution: Duration { .zero }

    /// How many tasks are sleeping on the clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The instant `offset` after the clock was created.
    public func at(_ offset: Duration) -> Instant { Instant(offset: offset) }

    /// When the sleeping tasks wake, earliest first.
    public var deadlines: [Instant] { state.withLock { $0.sleepers.values.map(\.deadline).sorted() } }

    /// Suspends until the clock reaches `deadline` (or the task is cancelled).
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let ticket = state.withLock { state in
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(ticket) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[ticket] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                let sleeper = state.sleepers.removeValue(forKey: ticket)
                if sleeper == nil { state.cancelled.insert(ticket) }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let woken = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for ticket in due.keys { state.sleepers.removeValue(forKey: ticket) }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }
}
