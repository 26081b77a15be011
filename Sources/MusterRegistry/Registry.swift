/// The registry's state and its one writer: the catalog of service instances and checks, the KV
/// store, the global index, parked blocking queries and the checks it runs
/// (`shared/protocols.md` §4).
///
/// Every write takes the next index and wakes every parked query, which then compares its own
/// index again. Nothing here wakes by itself: only checks that exist (HTTP, TCP, TTL) and
/// queries that are parked keep timers.
public actor Registry {
    /// A consistent view of the whole state for one read.
    struct Snapshot: Sendable {
        var catalog: CatalogState
        var kv: KVState
        var index: UInt64
    }

    /// How the registry is set up.
    public nonisolated let configuration: RegistryConfiguration
    var catalog: CatalogState
    var kv: KVState
    /// The latest index of any write.
    private(set) var index: UInt64
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0
    /// Once stopped, blocking queries answer at once and no check runs.
    private(set) var isStopped = false
    /// The running check monitors, by CheckID.
    var monitors: [String: CheckMonitor] = [:]
    var nextMonitorToken = 0
    /// When each check that can deregister its service turned critical.
    var criticalSince: [String: ContinuousClock.Instant] = [:]
    /// When each TTL check that has not expired yet expires.
    var ttlDeadlines: [String: ContinuousClock.Instant] = [:]

    /// An empty registry.
    public init(configuration: RegistryConfiguration = RegistryConfiguration()) {
        self.configuration = configuration
        catalog = CatalogState(node: configuration.node, startIndex: configuration.startIndex)
        kv = KVState(startIndex: configuration.startIndex)
        index = configuration.startIndex
    }

    var snapshot: Snapshot { Snapshot(catalog: catalog, kv: kv, index: index) }

    /// Reads at once.
    func read<T: Sendable>(_ query: @Sendable (Snapshot) -> Indexed<T>) -> Indexed<T> {
        query(snapshot)
    }

    /// A blocking read (`shared/protocols.md` §4.8): answers at once when `after` is nil or 0 or
    /// older than the data's index, else once the data's index passes it or `wait` elapses.
    func read<T: Sendable>(
        after: UInt64?, wait: Duration, _ query: @Sendable (Snapshot) -> Indexed<T>
    ) async -> Indexed<T> {
        let deadline = ContinuousClock.now + wait
        while true {
            let result = query(snapshot)
            guard let after, after > 0, result.index <= after, !isStopped, !Task.isCancelled,
                ContinuousClock.now < deadline
            else { return result }
            await nextWrite(before: deadline)
        }
    }

    /// Takes the next index for a write that changes something, and wakes every parked query.
    func commit() -> UInt64 {
        index += 1
        let woken = waiters.values
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
        return index
    }

    /// The index the next write will take.
    var nextIndex: UInt64 { index + 1 }

    /// Stops every check and answers every parked query: the registry is shutting down.
    public func stop() {
        isStopped = true
        for monitor in monitors.values { monitor.task.cancel() }
        monitors.removeAll()
        let woken = waiters.values
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
    }

    /// Suspends until the next write, `deadline` or cancellation, whichever comes first.
    private func nextWrite(before deadline: ContinuousClock.Instant) async {
        nextWaiter += 1
        let id = nextWaiter
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
            await self?.release(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiters[id] = $0 }
        } onCancel: {
            Task { [weak self] in await self?.release(id) }
        }
        timer.cancel()
    }

    private func release(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
