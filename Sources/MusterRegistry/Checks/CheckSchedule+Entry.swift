extension CheckSchedule {
    /// The timers of one check.
    struct Entry: Sendable, Hashable {
        /// What keeps time for the check itself.
        enum Timer: Sendable, Hashable {
            /// A TTL check: critical at `deadline`, unless renewed; nil once expired.
            case ttl(Duration, deadline: Instant?)
            /// An HTTP or TCP check: probed at `next`, then every `interval`.
            case probe(RegistryCheck.Kind, interval: Duration, timeout: Duration, next: Instant)
        }

        /// The check's service; empty for a node check.
        var serviceID: String
        var timer: Timer
        /// How long it may stay critical before its service goes.
        var deregisterAfter: Duration?
        /// When it last turned critical; nil while it is not critical.
        var criticalSince: Instant?
        /// The revision of its latest change.
        var revision: UInt64
        /// The revision an action was asked at; no other is asked until a newer change arrives.
        var awaiting: UInt64?

        /// The timers of `check`, registered at `instant`; nil for a check that keeps none.
        init?(_ check: RegistryCheck, revision: UInt64, at instant: Instant, limits: Limits) {
            switch check.kind {
            case .ttl(let ttl):
                timer = .ttl(ttl, deadline: instant.advanced(by: ttl))
            case .http, .tcp:
                let interval = max(check.interval ?? limits.minimumInterval, limits.minimumInterval)
                timer = .probe(
                    check.kind, interval: interval, timeout: check.timeout ?? limits.defaultTimeout, next: instant)
            case .muster, .maintenance, .serf:
                return nil
            }
            serviceID = check.serviceID
            deregisterAfter = check.deregisterCriticalAfter.map { max($0, limits.minimumDeregisterAfter) }
            criticalSince = check.status == .critical ? instant : nil
            self.revision = revision
        }

        /// When its service is due to go, if it is critical and has a service and a limit.
        var reapTime: Instant? {
            guard let deregisterAfter, let criticalSince, !serviceID.isEmpty else { return nil }
            return criticalSince.advanced(by: deregisterAfter)
        }

        /// When it next needs something, unless it awaits a change.
        var nextDue: Instant? {
            guard awaiting == nil else { return nil }
            let own: Instant?
            switch timer {
            case .ttl(_, let deadline): own = deadline
            case .probe(_, _, _, let next): own = next
            }
            return [own, reapTime].compactMap { $0 }.min()
        }

        /// This entry, still critical since when `previous` (the check's entry before it was
        /// registered again) turned critical.
        func keepingCriticalSince(of previous: Entry?) -> Entry {
            var entry = self
            if entry.criticalSince != nil, let since = previous?.criticalSince { entry.criticalSince = since }
            return entry
        }

        /// Starts the TTL again at `instant`.
        mutating func renewTTL(at instant: Instant) {
            guard case .ttl(let ttl, _) = timer else { return }
            timer = .ttl(ttl, deadline: instant.advanced(by: ttl))
        }

        /// Drops the TTL deadline: it has expired.
        mutating func expireTTL() {
            guard case .ttl(let ttl, _) = timer else { return }
            timer = .ttl(ttl, deadline: nil)
        }

        /// Takes in the status and revision of `change`; whatever was asked before it is settled.
        mutating func note(_ change: CheckChange<Instant>) {
            revision = change.revision
            awaiting = nil
            if change.status != .critical {
                criticalSince = nil
            } else if criticalSince == nil {
                criticalSince = change.at
            }
        }

        /// What is due at `now`, if anything; the entry then awaits the change it brings.
        mutating func takeDueAction(at now: Instant, checkID: String) -> Action? {
            guard awaiting == nil else { return nil }
            if let reap = reapTime, reap <= now {
                awaiting = revision
                return .deregister(serviceID: serviceID, checkID: checkID, revision: revision)
            }
            switch timer {
            case .ttl(_, let deadline?) where deadline <= now:
                awaiting = revision
                return .expireTTL(checkID: checkID, revision: revision)
            case .probe(let kind, let interval, let timeout, let next) where next <= now:
                awaiting = revision
                timer = .probe(kind, interval: interval, timeout: timeout, next: now.advanced(by: interval))
                return .probe(checkID: checkID, kind: kind, timeout: timeout, revision: revision)
            default:
                return nil
            }
        }
    }
}
