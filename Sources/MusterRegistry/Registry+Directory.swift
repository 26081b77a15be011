/// The registry's answers to the DNS responder (`shared/protocols.md` §5) and to `muster services`.
extension Registry: DNSServiceDirectory {
    /// The registry's datacenter.
    public nonisolated var datacenter: String { configuration.datacenter }

    /// Instances of `service` (with `tag`, if given) having no critical check.
    public func healthyInstances(of service: String, tag: String?) -> [DNSServiceInstance] {
        let node = DNSNode(name: catalog.node.name, address: catalog.node.address)
        return catalog.health(of: service, tags: tag.map { [$0] } ?? []).compactMap { entry in
            let status = entry.status
            guard status != .critical else { return nil }
            return DNSServiceInstance(
                node: node, serviceAddress: entry.service.address, port: entry.service.port,
                isWarning: status == .warning, passingWeight: entry.service.weights.passing,
                warningWeight: entry.service.weights.warning)
        }
    }

    /// The node named `name`, case-insensitively.
    public func node(named name: String) -> DNSNode? {
        guard name.lowercased() == catalog.node.name.lowercased() else { return nil }
        return DNSNode(name: catalog.node.name, address: catalog.node.address)
    }

    /// The instances of `service` (case-insensitive) with their checks.
    public func health(of service: String, tags: [String] = [], passingOnly: Bool = false) -> [HealthEntry] {
        catalog.health(of: service, tags: tags, passingOnly: passingOnly)
    }

    /// Agent-registered checks by ID (`serfHealth` is not one).
    public func agentChecks() -> [String: RegistryCheck] { catalog.checks }

    /// Instances by ID.
    public func agentServices() -> [String: ServiceInstance] { catalog.services }
}
