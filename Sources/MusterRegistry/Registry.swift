import MusterNet

/// The registry's state and its one writer: the catalog of service instances and checks, the KV
/// store, the global index and the parked blocking queries (`shared/protocols.md` §4).
///
/// Every write takes the next index and wakes every parked query, which then compares its own
/// index again. It keeps no timer: it tells each change of a check to ``checkChanges``, which a
/// ``CheckScheduler`` follows to run the checks and report back. Without a running scheduler,
/// no HTTP, TCP or TTL check changes by itself and the changes wait in ``checkChanges``.
public actor Registry {
    /// A consistent view of the whole state for one read.
    struct Snapshot: Sendable {
        var catalog: CatalogState
        var kv: KVState
        var index: UInt64
    }

    /// How the registry is set up.
    public nonisolated let configuration: RegistryConfiguration
    /// The clock of blocking queries' waits, of check changes and of the scheduler's timers.
    nonisolated let clock: RuntimeClock
    /// Every change of a check, in write order, buffered from the start for the one scheduler.
    nonisolated let checkChanges: AsyncStream<CheckChange<RuntimeClock.Instant>>
    let checkChangeSink: AsyncStream<CheckChange<RuntimeClock.Instant>>.Continuation
    var catalog: CatalogState
    var kv: KVState
    /// The latest index of any write.
    private(set) var index: UInt64
    /// The blocking queries waiting for a write.
    nonisolated let parked = ParkedQueries()
    /// The revision of each check's latest change, which the scheduler names when it reports.
    var checkRevisions: [String: UInt64] = [:]
    /// The latest revision of any check.
    var lastCheckRevision: UInt64 = 0

    /// An empty registry on the continuous clock.
    public init(configuration: RegistryConfiguration = RegistryConfiguration()) {
        self.init(configuration: configuration, clock: ContinuousClock())
    }

    /// An empty registry whose blocking queries and checks keep time on `clock`.
    public init<C: Clock>(configuration: RegistryConfiguration = RegistryConfiguration(), clock: C)
    where C.Duration == Duration {
        self.configuration = configuration
        self.clock = RuntimeClock(clock)
        (checkChanges, checkChangeSink) = AsyncStream.makeStream()
        catalog = CatalogState(node: configuration.node, startIndex: configuration.startIndex)
        kv = KVState(startIndex: configuration.startIndex)
        index = configuration.startIndex
    }

    var snapshot: Snapshot { Snapshot(catalog: catalog, kv: kv, index: index) }

    /// Reads at once.
    func read<T: Sendable>(_ query: @Sendable (Snapshot) -> Indexed<T>) -> Indexed<T> {
        query(snapshot)
    }

    /// Takes the next index for a write that changes something, and wakes every parked query.
    func commit() -> UInt64 {
        index += 1
        parked.wake()
        return index
    }

    /// The index the next write will take.
    var nextIndex: UInt64 { index + 1 }

    /// Answers every parked query, and every later blocking query at once: the registry is
    /// shutting down. Its ``CheckScheduler`` calls it when it stops.
    public func stop() {
        parked.stop()
        checkChangeSink.finish()
    }
}
