/// One instance with every check that decides its health: the node's and its own.
public struct HealthEntry: Sendable, Hashable {
    /// The instance.
    public var service: ServiceInstance
    /// The node's checks, then the instance's, each group by CheckID.
    public var checks: [RegistryCheck]

    /// The worst status among its checks.
    public var status: CheckStatus { CheckStatus.aggregate(checks.map(\.status)) }
}

extension CatalogState {
    /// The instances named `name` having every tag of `tags`, with their checks; with
    /// `passingOnly`, only those whose every check passes (warning is dropped too).
    func health(of name: String, tags: [String] = [], passingOnly: Bool = false) -> [HealthEntry] {
        let nodeChecks = self.nodeChecks
        return instances(named: name, tags: tags)
            .map { HealthEntry(service: $0, checks: nodeChecks + checks(ofService: $0.id)) }
            .filter { !passingOnly || $0.status == .passing }
    }

    /// Every check of the service name `name`, by instance then CheckID.
    func checks(ofServiceNamed name: String) -> [RegistryCheck] {
        instances(named: name).flatMap { checks(ofService: $0.id) }
    }

    /// Every check of the catalog (`serfHealth` included): node checks first, then by instance and CheckID.
    var allChecks: [RegistryCheck] {
        nodeChecks + services.keys.sorted().flatMap { checks(ofService: $0) }
    }

    /// Every service name with the union of its instances' tags, sorted.
    var serviceTags: [String: [String]] {
        var result: [String: Set<String>] = [:]
        for service in services.values { result[service.name, default: []].formUnion(service.tags) }
        return result.mapValues { $0.sorted() }
    }
}
