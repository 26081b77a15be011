/// When the registry's checks are due, as a value (`shared/protocols.md` §4.9): the next probe of
/// each HTTP and TCP check, each TTL check's deadline, and when a check critical for longer than
/// its `DeregisterCriticalServiceAfter` takes its service away. Each change of a check and each
/// advance of time returns what to do; it keeps no timer. Whatever it asks of the registry names
/// the check's revision, and the check waits until a newer change of it arrives (the registry
/// refuses a request made on an old revision, and a newer change always follows).
struct CheckSchedule<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// Something the owner must do.
    enum Action: Sendable, Hashable {
        /// Run one probe of an HTTP or TCP check, and record its result at `revision`.
        case probe(checkID: String, kind: RegistryCheck.Kind, timeout: Duration, revision: UInt64)
        /// Turn the TTL check critical, unless it changed since `revision`.
        case expireTTL(checkID: String, revision: UInt64)
        /// Remove the service of a check critical too long, unless the check changed since `revision`.
        case deregister(serviceID: String, checkID: String, revision: UInt64)
        /// Advance the schedule once the clock reaches this instant (an earlier alarm replaces a later one).
        case sleep(until: Instant)
    }

    /// The durations the registry enforces.
    struct Limits: Sendable, Hashable {
        /// The shortest interval of an HTTP or TCP check.
        var minimumInterval: Duration
        /// The shortest `DeregisterCriticalServiceAfter`.
        var minimumDeregisterAfter: Duration
        /// The `Timeout` of a check that sets none.
        var defaultTimeout: Duration

        /// The limits of `configuration`.
        init(_ configuration: RegistryConfiguration) {
            minimumInterval = configuration.minimumCheckInterval
            minimumDeregisterAfter = configuration.minimumDeregisterAfter
            defaultTimeout = configuration.defaultCheckTimeout
        }
    }

    private let limits: Limits
    /// The checks that keep time, by CheckID.
    private(set) var entries: [String: Entry] = [:]
    /// The latest instant the schedule has seen.
    private(set) var now: Instant?
    /// The earliest instant an alarm is set for, if any.
    private(set) var alarm: Instant?

    /// An empty schedule that follows `limits`.
    init(limits: Limits) {
        self.limits = limits
    }

    /// The next instant something is due, if any.
    var nextDue: Instant? {
        entries.values.compactMap(\.nextDue).min()
    }

    /// Applies a change the registry wrote, and returns what is due at its time.
    mutating func apply(_ change: CheckChange<Instant>) -> [Action] {
        let id = change.checkID
        switch change.event {
        case .registered(let check):
            guard let entry = Entry(check, revision: change.revision, at: change.at, limits: limits) else {
                entries.removeValue(forKey: id)
                break
            }
            entries[id] = entry.keepingCriticalSince(of: entries[id])
        case .removed:
            entries.removeValue(forKey: id)
        case .ttlRenewed:
            entries[id]?.renewTTL(at: change.at)
        case .statusRecorded:
            break
        case .ttlExpired:
            entries[id]?.expireTTL()
        }
        if case .removed = change.event {} else { entries[id]?.note(change) }
        return advance(to: change.at)
    }

    /// Moves time on to `instant` (never back) and returns what is due.
    mutating func advance(to instant: Instant) -> [Action] {
        let now = max(instant, self.now ?? instant)
        self.now = now
        if let alarm, alarm <= now { self.alarm = nil }
        var actions: [Action] = []
        for id in entries.keys.sorted() {
            if let action = entries[id]?.takeDueAction(at: now, checkID: id) { actions.append(action) }
        }
        if let due = nextDue, alarm.map({ due < $0 }) ?? true {
            alarm = due
            actions.append(.sleep(until: due))
        }
        return actions
    }
}
