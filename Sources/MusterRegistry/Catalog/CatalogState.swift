/// The catalog of the registry's one node as a value: service instances, their checks and the
/// node's own checks, with the indexes blocking queries compare (`shared/protocols.md` §4.2, §4.8).
struct CatalogState: Sendable {
    /// The indexes of one service name: when its instances, and its instances or their checks, last changed.
    private struct NameIndex: Sendable {
        var catalog: UInt64
        var health: UInt64
    }

    let node: RegistryNode
    /// `serfHealth`: always passing.
    let serfHealth: RegistryCheck
    /// Instances by ID.
    private(set) var services: [String: ServiceInstance] = [:]
    /// Agent checks (of instances, and of the node) by CheckID; `serfHealth` is not among them.
    private(set) var checks: [String: RegistryCheck] = [:]
    /// Indexes by lower-cased service name; kept after the last instance goes, as a tombstone.
    private var nameIndexes: [String: NameIndex] = [:]
    /// When an instance was last added or removed (what `/v1/catalog/services` reports).
    private(set) var servicesIndex: UInt64
    /// When a node check last changed (every health query depends on them).
    private var nodeChecksIndex: UInt64
    /// When anything in the catalog last changed.
    private(set) var index: UInt64

    /// An empty catalog of `node` whose indexes start at `startIndex`.
    init(node: RegistryNode, startIndex: UInt64) {
        self.node = node
        var serf = RegistryCheck(id: "serfHealth", name: "Serf Health Status", kind: .serf)
        serf.status = .passing
        serf.output = "Agent alive and reachable"
        serf.createIndex = startIndex
        serf.modifyIndex = startIndex
        serfHealth = serf
        servicesIndex = startIndex
        nodeChecksIndex = startIndex
        index = startIndex
    }

    /// The node's checks: `serfHealth` first, then the registered ones by CheckID.
    var nodeChecks: [RegistryCheck] {
        [serfHealth] + checks.values.filter { $0.serviceID.isEmpty }.sorted { $0.id < $1.id }
    }

    /// The checks of instance `serviceID`, by CheckID.
    func checks(ofService serviceID: String) -> [RegistryCheck] {
        checks.values.filter { $0.serviceID == serviceID }.sorted { $0.id < $1.id }
    }

    /// The instances named `name` (case-insensitively) having every tag of `tags`, by ID.
    func instances(named name: String, tags: [String] = []) -> [ServiceInstance] {
        services.values.filter { $0.name.lowercased() == name.lowercased() && $0.hasTags(tags) }
            .sorted { $0.id < $1.id }
    }

    /// The index `/v1/catalog/service/<name>` reports.
    func catalogIndex(of name: String) -> UInt64 {
        nameIndexes[name.lowercased()]?.catalog ?? servicesIndex
    }

    /// The index `/v1/health/service/<name>` and `/v1/health/checks/<name>` report.
    func healthIndex(of name: String) -> UInt64 {
        max(nameIndexes[name.lowercased()]?.health ?? servicesIndex, nodeChecksIndex)
    }

    // MARK: Writes, each at a new index

    /// Adds or replaces `service` with `newChecks`. Checks already registered under the same ID
    /// keep their status and output; with `replacingChecks`, the service's other checks go.
    /// Returns the IDs of the checks removed.
    mutating func register(
        _ service: ServiceInstance, checks newChecks: [RegistryCheck], replacingChecks: Bool, at index: UInt64
    ) -> [String] {
        var service = service
        let previous = services[service.id]
        service.createIndex = previous?.createIndex ?? index
        service.modifyIndex = index
        if let previous, previous.name.lowercased() != service.name.lowercased() { touch(previous.name, at: index) }
        services[service.id] = service
        var removed: [String] = []
        if replacingChecks {
            let kept = Set(newChecks.map(\.id))
            removed = checks.values.filter { $0.serviceID == service.id && !kept.contains($0.id) }.map(\.id)
            for id in removed { checks.removeValue(forKey: id) }
        }
        for check in newChecks { store(check, of: service, at: index) }
        // Existing checks follow a change of tags.
        for (id, check) in checks where check.serviceID == service.id && check.serviceTags != service.tags {
            checks[id]?.serviceTags = service.tags
        }
        servicesIndex = index
        touch(service.name, at: index)
        return removed
    }

    /// Removes instance `id` and its checks; nil when there is no such instance, else the removed check IDs.
    mutating func deregister(service id: String, at index: UInt64) -> [String]? {
        guard let service = services.removeValue(forKey: id) else { return nil }
        let removed = checks.values.filter { $0.serviceID == id }.map(\.id)
        for checkID in removed { checks.removeValue(forKey: checkID) }
        servicesIndex = index
        touch(service.name, at: index)
        return removed
    }

    /// Adds or replaces a check of the node, or of the instance its `serviceID` names (which must exist).
    mutating func register(check: RegistryCheck, at index: UInt64) {
        if let service = services[check.serviceID] {
            store(check, of: service, at: index)
            touch(service.name, at: index, catalog: false)
        } else {
            store(check, of: nil, at: index)
            nodeChecksIndex = index
            self.index = index
        }
    }

    /// Removes check `id`; nil when there is no such check.
    mutating func deregister(check id: String, at index: UInt64) -> RegistryCheck? {
        guard let check = checks.removeValue(forKey: id) else { return nil }
        noteChange(of: check, at: index)
        return check
    }

    /// Whether `update(check:...)` would change anything.
    func updates(check id: String, status: CheckStatus, output: String) -> Bool {
        guard let check = checks[id] else { return false }
        return check.status != status || check.output != RegistryCheck.truncated(output)
    }

    /// Sets the status and output of check `id`. Returns whether anything changed.
    mutating func update(check id: String, status: CheckStatus, output: String, at index: UInt64) -> Bool {
        guard updates(check: id, status: status, output: output), var check = checks[id] else { return false }
        check.status = status
        check.output = RegistryCheck.truncated(output)
        check.modifyIndex = index
        checks[id] = check
        noteChange(of: check, at: index)
        return true
    }

    private mutating func store(_ check: RegistryCheck, of service: ServiceInstance?, at index: UInt64) {
        var check = check
        let previous = checks[check.id]
        if let previous {
            check.status = previous.status
            check.output = previous.output
        }
        check.serviceID = service?.id ?? ""
        check.serviceName = service?.name ?? ""
        check.serviceTags = service?.tags ?? []
        check.createIndex = previous?.createIndex ?? index
        check.modifyIndex = index
        checks[check.id] = check
    }

    private mutating func noteChange(of check: RegistryCheck, at index: UInt64) {
        if let service = services[check.serviceID] {
            touch(service.name, at: index, catalog: false)
        } else {
            nodeChecksIndex = index
            self.index = index
        }
    }

    private mutating func touch(_ name: String, at index: UInt64, catalog: Bool = true) {
        let key = name.lowercased()
        var entry = nameIndexes[key] ?? NameIndex(catalog: servicesIndex, health: servicesIndex)
        if catalog { entry.catalog = index }
        entry.health = index
        nameIndexes[key] = entry
        self.index = index
    }
}
