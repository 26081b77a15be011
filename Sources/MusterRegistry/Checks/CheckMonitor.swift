/// The task that runs one check's timers: the probes of an HTTP or TCP check, the expiry of a
/// TTL check, and `DeregisterCriticalServiceAfter`. It asks the registry what to do next and
/// ends when the check is gone or has nothing left to wait for.
struct CheckMonitor: Sendable {
    /// What a monitor does next.
    enum Step: Sendable {
        /// Sleep until then, and ask again.
        case sleep(until: ContinuousClock.Instant)
        /// Run this probe, report its result, and ask again.
        case probe(CheckProbe)
    }

    /// Tells this monitor from a later one of a check registered again under the same ID.
    let token: Int
    let task: Task<Void, Never>
    /// When an HTTP or TCP check runs next.
    var nextProbe: ContinuousClock.Instant?

    /// Starts the monitor of check `id`.
    init(registry: Registry, checkID id: String, token: Int) {
        self.token = token
        task = Task {
            while !Task.isCancelled, let step = await registry.monitorStep(id, token: token) {
                switch step {
                case .sleep(let instant):
                    try? await Task.sleep(until: instant, clock: .continuous)
                case .probe(let probe):
                    let result = await probe.run()
                    await registry.record(result, ofCheck: id, token: token)
                }
            }
        }
    }
}

extension Registry {
    /// Starts the monitor of check `id` unless one runs or the check needs none.
    func ensureMonitor(_ id: String) {
        guard !isStopped, monitors[id] == nil, let check = catalog.checks[id] else { return }
        switch check.kind {
        case .ttl, .http, .tcp: break
        default: return
        }
        nextMonitorToken += 1
        monitors[id] = CheckMonitor(registry: self, checkID: id, token: nextMonitorToken)
    }

    /// What the monitor of check `id` does next; nil ends it.
    func monitorStep(_ id: String, token: Int) -> CheckMonitor.Step? {
        guard monitors[id]?.token == token, let check = catalog.checks[id] else { return nil }
        if deregisterIfCriticalTooLong(check) { return nil }
        let now = ContinuousClock.now
        switch check.kind {
        case .ttl:
            if let deadline = ttlDeadlines[id] {
                guard now >= deadline else { return .sleep(until: earliest(deadline, reapTime(of: check))) }
                ttlDeadlines.removeValue(forKey: id)
                let last = check.output
                setStatus(
                    of: id, to: .critical,
                    output: last.isEmpty
                        ? "TTL expired" : "TTL expired (last output before timeout follows): \(last)")
            }
            if let reap = reapTime(of: check) { return .sleep(until: reap) }
            // Nothing to wait for until the next TTL update, which starts a new monitor.
            monitors.removeValue(forKey: id)
            return nil
        case .http, .tcp:
            if let due = monitors[id]?.nextProbe, now < due { return .sleep(until: due) }
            let interval = max(check.interval ?? configuration.minimumCheckInterval, configuration.minimumCheckInterval)
            monitors[id]?.nextProbe = now + interval
            let timeout = check.timeout ?? configuration.defaultCheckTimeout
            return CheckProbe(kind: check.kind, timeout: timeout).map { .probe($0) }
        default:
            return nil
        }
    }

    /// Records what a probe found, unless the check was removed or registered again meanwhile.
    func record(_ result: CheckProbe.Result, ofCheck id: String, token: Int) {
        guard monitors[id]?.token == token else { return }
        setStatus(of: id, to: result.status, output: result.output)
    }

    /// When check `check`'s service is due to be removed for being critical too long.
    private func reapTime(of check: RegistryCheck) -> ContinuousClock.Instant? {
        guard let after = check.deregisterCriticalAfter, let since = criticalSince[check.id] else { return nil }
        return since + max(after, configuration.minimumDeregisterAfter)
    }

    /// Removes the service of `check` when the check has been critical longer than its
    /// `DeregisterCriticalServiceAfter`; returns whether it did.
    private func deregisterIfCriticalTooLong(_ check: RegistryCheck) -> Bool {
        guard let due = reapTime(of: check), ContinuousClock.now >= due, !check.serviceID.isEmpty else {
            return false
        }
        try? deregister(service: check.serviceID)
        return true
    }

    private func earliest(_ first: ContinuousClock.Instant, _ second: ContinuousClock.Instant?)
        -> ContinuousClock.Instant
    {
        second.map { min(first, $0) } ?? first
    }
}
