import MusterNet

/// `/v1/agent/*` (`shared/protocols.md` §4.3): the agent's own services and checks.
extension ConsulHTTPServer {
    func agent(_ route: ConsulRoute, query: URLQuery, body: [UInt8], peerPort: Int?) async throws(RegistryError)
        -> ConsulReply
    {
        let datacenter = registry.datacenter
        switch route {
        case .agentServices:
            let services = await registry.agentServices()
            return .json(services.mapValues { AgentServiceDocument($0, datacenter: datacenter) })
        case .agentService(let id):
            guard let service = await registry.agentServices()[id] else {
                throw RegistryError(status: 404, "unknown service ID: \(id)")
            }
            return .json(AgentServiceDocument(service, datacenter: datacenter))
        case .registerService:
            var registration = try ServiceRegistration(body: body)
            registration.service.owner = await owner(of: peerPort)
            await registry.register(
                registration.service, checks: registration.checks,
                replacingChecks: try query.flag("replace-existing-checks"))
            return .empty
        case .deregisterService(let id):
            try await registry.deregister(service: id)
            return .empty
        case .serviceMaintenance(let id):
            guard query["enable"] != nil else { throw .badRequest("Missing value for enable") }
            guard let enabled = try? query.flag("enable") else { throw .badRequest("Invalid value for enable") }
            try await registry.setMaintenance(service: id, enabled: enabled, reason: query["reason"] ?? "")
            return .empty
        case .agentChecks:
            let node = registry.configuration.nodeName
            return .json(await registry.agentChecks().mapValues { CheckDocument($0, node: node) })
        case .registerCheck:
            try await registry.register(check: try CheckDefinition.standalone(body: body))
            return .empty
        case .deregisterCheck(let id):
            try await registry.deregister(check: id)
            return .empty
        case .ttlUpdate(let id, let status):
            var (newStatus, output) = (CheckStatus.passing, query["note"] ?? "")
            if let status { newStatus = status } else { (newStatus, output) = try Self.ttlUpdate(body) }
            try await registry.updateTTL(check: id, status: newStatus, output: output)
            return .empty
        case .agentSelf:
            return .json(SelfDocument(registry.configuration.node, leader: Self.leaderAddress))
        default:
            return .json([MemberDocument(registry.configuration.node)])
        }
    }

    /// The body of `/v1/agent/check/update/<id>`: `{"Status": ..., "Output": ...}`.
    private static func ttlUpdate(_ body: [UInt8]) throws(RegistryError) -> (CheckStatus, String) {
        guard case .object(let fields) = try JSONValue.parse(body) else {
            throw .badRequest("Request decode failed: the body must be a JSON object")
        }
        let text = try fields.string("Status") ?? ""
        guard let status = CheckStatus(parsing: text) else {
            throw .badRequest("Invalid 'Status' provided: \"\(text)\" (use passing, warning or critical)")
        }
        return (status, try fields.string("Output") ?? "")
    }

    /// The supervised instance whose process is the client, when a locator is set and finds one.
    private func owner(of peerPort: Int?) async -> String? {
        guard let registrant, let peerPort else { return nil }
        return await registrant(peerPort, port)
    }
}
