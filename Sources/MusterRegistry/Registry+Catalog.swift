/// Writes to the catalog: services, checks, TTL updates and maintenance (`shared/protocols.md` §4.3).
extension Registry {
    /// Adds or replaces `service` with `checks` (see ``CatalogState/register(_:checks:replacingChecks:at:)``).
    public func register(_ service: ServiceInstance, checks: [RegistryCheck], replacingChecks: Bool = false) {
        let removed = catalog.register(service, checks: checks, replacingChecks: replacingChecks, at: commit())
        forget(removed)
        for check in checks { started(check.id) }
    }

    /// Removes instance `id` and its checks.
    public func deregister(service id: String) throws(RegistryError) {
        guard catalog.services[id] != nil else { throw .unknownService(id) }
        forget(catalog.deregister(service: id, at: commit()) ?? [])
    }

    /// Removes every instance registered by `owner` (see ``ServiceInstance/owner``); returns their IDs.
    @discardableResult
    public func deregisterServices(ownedBy owner: String) -> [String] {
        let owned = catalog.services.values.filter { $0.owner == owner }.map(\.id).sorted()
        for id in owned { try? deregister(service: id) }
        return owned
    }

    /// Adds or replaces a check of the node, or of the instance its `serviceID` names.
    public func register(check: RegistryCheck) throws(RegistryError) {
        guard check.serviceID.isEmpty || catalog.services[check.serviceID] != nil else {
            throw .badRequest("ServiceID \"\(check.serviceID)\" does not exist")
        }
        catalog.register(check: check, at: commit())
        started(check.id)
    }

    /// Removes check `id`.
    public func deregister(check id: String) throws(RegistryError) {
        guard catalog.checks[id] != nil else { throw .unknownCheck(id) }
        _ = catalog.deregister(check: id, at: commit())
        forget([id])
    }

    /// A TTL update (`/v1/agent/check/pass|warn|fail|update/<id>`): sets the status and output
    /// and restarts the TTL.
    public func updateTTL(check id: String, status: CheckStatus, output: String) throws(RegistryError) {
        guard let check = catalog.checks[id] else { throw .unknownCheck(id) }
        guard case .ttl = check.kind else {
            throw RegistryError(status: 500, "CheckID \"\(id)\" does not have associated TTL")
        }
        setStatus(of: id, to: status, output: output)
        emitChange(.ttlRenewed, of: id)
    }

    /// Sets the status of a check Muster runs (``RegistryCheck/Kind/muster``) or of any check.
    public func setStatus(ofCheck id: String, to status: CheckStatus, output: String) {
        if setStatus(of: id, to: status, output: output) { emitChange(.statusRecorded, of: id) }
    }

    /// Puts instance `id` into maintenance (a critical `_service_maintenance:<id>` check) or takes it out.
    public func setMaintenance(service id: String, enabled: Bool, reason: String) throws(RegistryError) {
        guard let service = catalog.services[id] else { throw .unknownService(id) }
        let checkID = "_service_maintenance:\(id)"
        guard enabled else {
            if catalog.checks[checkID] != nil { try deregister(check: checkID) }
            return
        }
        var check = RegistryCheck(id: checkID, name: "Service Maintenance Mode", kind: .maintenance)
        check.notes =
            reason.isEmpty
            ? "Maintenance mode is enabled for this service, but no reason was provided. This is a default message."
            : reason
        check.serviceID = service.id
        catalog.register(check: check, at: commit())
        started(checkID)
    }

    /// Sets the status and output of check `id` at a new index; returns whether anything changed.
    @discardableResult
    func setStatus(of id: String, to status: CheckStatus, output: String) -> Bool {
        guard catalog.updates(check: id, status: status, output: output) else { return false }
        return catalog.update(check: id, status: status, output: output, at: commit())
    }

    /// Tells the scheduler about a newly (re)registered check.
    private func started(_ id: String) {
        guard let check = catalog.checks[id] else { return }
        emitChange(.registered(check), of: id)
    }

    /// Tells the scheduler about removed checks.
    private func forget(_ ids: [String]) {
        for id in ids { emitChange(.removed, of: id) }
    }
}
