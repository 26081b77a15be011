import MusterNet

/// `/v1/catalog/*` and `/v1/health/*` (`shared/protocols.md` §4.4, §4.5): blocking reads of the catalog.
extension ConsulHTTPServer {
    func catalog(_ route: ConsulRoute, query: URLQuery) async throws(RegistryError) -> ConsulReply {
        let blocking = try BlockingOptions(query)
        let datacenter = registry.datacenter
        let tags = query.values(of: "tag")
        switch route {
        case .catalogServices:
            return await read(blocking) { .init(index: $0.catalog.servicesIndex, value: $0.catalog.serviceTags) }
        case .catalogService(let name):
            return await read(blocking) { snapshot in
                let node = NodeDocument(snapshot.catalog.node, index: snapshot.catalog.serfHealth.createIndex)
                return .init(
                    index: snapshot.catalog.catalogIndex(of: name),
                    value: snapshot.catalog.instances(named: name, tags: tags).map {
                        CatalogServiceDocument($0, node: node)
                    })
            }
        case .catalogNodes:
            return await read(blocking) { snapshot in
                .init(
                    index: snapshot.catalog.index,
                    value: [NodeDocument(snapshot.catalog.node, index: snapshot.catalog.serfHealth.createIndex)])
            }
        default:
            guard case .catalogNode(let name) = route else { return .empty }
            return await read(blocking) { snapshot in
                let catalog = snapshot.catalog
                guard name.lowercased() == catalog.node.name.lowercased() else {
                    return .init(index: catalog.index, value: CatalogNodeDocument?.none)
                }
                return .init(
                    index: catalog.index,
                    value: CatalogNodeDocument(
                        Node: NodeDocument(catalog.node, index: catalog.serfHealth.createIndex),
                        Services: catalog.services.mapValues {
                            AgentServiceDocument($0, datacenter: datacenter, withIndexes: true)
                        }))
            }
        }
    }

    func health(_ route: ConsulRoute, query: URLQuery) async throws(RegistryError) -> ConsulReply {
        let blocking = try BlockingOptions(query)
        let nodeName = registry.configuration.nodeName
        switch route {
        case .healthService(let name):
            let tags = query.values(of: "tag")
            let passingOnly = try query.flag("passing")
            return await read(blocking) { snapshot in
                let node = NodeDocument(snapshot.catalog.node, index: snapshot.catalog.serfHealth.createIndex)
                let entries = snapshot.catalog.health(of: name, tags: tags, passingOnly: passingOnly)
                return .init(
                    index: snapshot.catalog.healthIndex(of: name),
                    value: entries.map { entry in
                        HealthEntryDocument(
                            Node: node, Service: HealthServiceDocument(entry.service),
                            Checks: entry.checks.map { CheckDocument($0, node: nodeName) })
                    })
            }
        case .healthChecks(let name):
            return await read(blocking) { snapshot in
                .init(
                    index: snapshot.catalog.healthIndex(of: name),
                    value: snapshot.catalog.checks(ofServiceNamed: name).map { CheckDocument($0, node: nodeName) })
            }
        case .healthState(let state):
            let wanted: CheckStatus?
            if state == "any" {
                wanted = nil
            } else {
                guard let status = CheckStatus(rawValue: state) else { throw .badRequest("Invalid check state") }
                wanted = status
            }
            return await read(blocking) { snapshot in
                .init(
                    index: snapshot.catalog.index,
                    value: snapshot.catalog.allChecks.filter { wanted == nil || $0.status == wanted }.map {
                        CheckDocument($0, node: nodeName)
                    })
            }
        default:
            guard case .healthNode(let name) = route else { return .empty }
            return await read(blocking) { snapshot in
                let known = name.lowercased() == snapshot.catalog.node.name.lowercased()
                return .init(
                    index: snapshot.catalog.index,
                    value: known ? snapshot.catalog.allChecks.map { CheckDocument($0, node: nodeName) } : [])
            }
        }
    }

    /// Runs `query` as a blocking read and answers with its value as JSON and its index.
    func read<T: Encodable & Sendable>(
        _ blocking: BlockingOptions, _ query: @escaping @Sendable (Registry.Snapshot) -> Indexed<T>
    ) async -> ConsulReply {
        let result = await registry.read(after: blocking.index, wait: blocking.wait, query)
        return .json(result.value, index: result.index)
    }
}

/// `/v1/catalog/node/<node>`.
struct CatalogNodeDocument: Encodable, Sendable {
    var Node: NodeDocument
    var Services: [String: AgentServiceDocument]
}
