import MusterNet

/// What the registry tells its ``CheckScheduler`` and what the scheduler reports back
/// (`shared/protocols.md` §4.9). A report names the check's revision the scheduler decided on,
/// and is dropped when the check changed since: the change that made it stale is on its way.
extension Registry {
    /// Tells the scheduler what happened to check `id`, at a new revision of the check.
    func emitChange(_ event: CheckChange<RuntimeClock.Instant>.Event, of id: String) {
        lastCheckRevision += 1
        if case .removed = event {
            checkRevisions.removeValue(forKey: id)
        } else {
            checkRevisions[id] = lastCheckRevision
        }
        let status = catalog.checks[id]?.status ?? .critical
        checkChangeSink.yield(
            CheckChange(checkID: id, event: event, status: status, revision: lastCheckRevision, at: clock.now))
    }

    /// Records what a probe of check `id` found, unless the check changed since `revision`.
    func record(_ result: CheckProbe.Result, ofCheck id: String, revision: UInt64) {
        guard checkRevisions[id] == revision else { return }
        setStatus(of: id, to: result.status, output: result.output)
        emitChange(.statusRecorded, of: id)
    }

    /// Turns TTL check `id` critical, saying its last output, unless it changed since `revision`.
    func expireTTL(check id: String, revision: UInt64) {
        guard checkRevisions[id] == revision, let last = catalog.checks[id]?.output else { return }
        let output = last.isEmpty ? "TTL expired" : "TTL expired (last output before timeout follows): \(last)"
        setStatus(of: id, to: .critical, output: output)
        emitChange(.ttlExpired, of: id)
    }

    /// Removes service `serviceID`, whose check `checkID` has been critical for longer than its
    /// `DeregisterCriticalServiceAfter`, unless the check changed since `revision`.
    func deregister(service serviceID: String, criticalCheck checkID: String, revision: UInt64) {
        guard checkRevisions[checkID] == revision else { return }
        try? deregister(service: serviceID)
    }
}
