import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everyone following the logs live, each with the services they want (empty: all).
///
/// Checking for followers costs one atomic load per batch, so the hot path pays nothing when
/// nobody follows. A follower that reads too slowly loses the oldest lines beyond its buffer,
/// never slows the services down.
final class LogFollowers: Sendable {
    /// How many lines a follower may fall behind before the oldest are dropped.
    static let bufferLimit = 10_000

    private struct Follower {
        var services: Set<String>
        var continuation: AsyncStream<LogEntry>.Continuation
    }

    private let followers = Mutex<[Int: Follower]>([:])
    private let count = Atomic<Int>(0)
    private let nextID = Atomic<Int>(0)

    /// Whether anyone follows at all.
    var isEmpty: Bool { count.load(ordering: .acquiring) == 0 }

    /// Lines of `services` (all when empty) from now on, until `finishAll()`.
    func follow(services: Set<String>) -> AsyncStream<LogEntry> {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream.makeStream(
            of: LogEntry.self, bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        followers.withLock { $0[id] = Follower(services: services, continuation: continuation) }
        count.add(1, ordering: .releasing)
        return stream
    }

    /// Hands `lines` of `service` to every follower that wants them.
    func publish(service: String, lines: [LogLine]) {
        followers.withLock { followers in
            for follower in followers.values where follower.services.isEmpty || follower.services.contains(service) {
                for line in lines { follower.continuation.yield(LogEntry(service: service, line: line)) }
            }
        }
    }

    /// Ends every follower's stream (at shutdown).
    func finishAll() {
        let all = followers.withLock { followers in
            defer { followers.removeAll() }
            return Array(followers.values)
        }
        all.forEach { $0.continuation.finish() }
    }

    private func remove(_ id: Int) {
        if followers.withLock({ $0.removeValue(forKey: id) }) != nil {
            count.subtract(1, ordering: .releasing)
        }
    }
}

extension LogEntry {
    /// The entry for `line` of `service`.
    init(service: String, line: LogLine) {
        self.init(instance: line.displayName, service: service, text: line.text, time: line.time.timeIntervalSince1970)
    }
}
