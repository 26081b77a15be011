/// Blocking queries (`shared/protocols.md` §4.8), parked in the caller's own task.
extension Registry {
    /// A blocking read: answers at once when `after` is nil or 0 or older than the data's index,
    /// else once the data's index passes it, `wait` elapses, the registry stops or the task is
    /// cancelled.
    func read<T: Sendable>(
        after: UInt64?, wait: Duration, _ query: @escaping @Sendable (Snapshot) -> Indexed<T>
    ) async -> Indexed<T> {
        let first = query(snapshot)
        guard let after, after > 0, first.index <= after, !parked.isStopped, !Task.isCancelled else { return first }
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(for: wait) }
            group.addTask { await self.parkUntilChanged(past: after, query) }
            await group.next()
            group.cancelAll()
        }
        return query(snapshot)
    }

    /// Parks until `query`'s index passes `after`, the registry stops or the task is cancelled.
    private func parkUntilChanged<T: Sendable>(past after: UInt64, _ query: @Sendable (Snapshot) -> Indexed<T>) async {
        while !Task.isCancelled {
            let seen = parked.writes
            guard query(snapshot).index <= after, !parked.isStopped else { return }
            await parked.wait(after: seen)
        }
    }
}
