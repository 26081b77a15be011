// The JSON shapes of Consul's answers (`shared/protocols.md` §4.3–§4.6), with Consul's field names.

/// `{}`.
struct EmptyObject: Encodable, Sendable, Hashable {}

/// A node (`/v1/catalog/nodes`, the `Node` of health entries).
struct NodeDocument: Encodable, Sendable {
    var ID: String
    var Node: String
    var Address: String
    var Datacenter: String
    var TaggedAddresses: [String: String]
    var Meta = ["consul-network-segment": ""]
    var CreateIndex: UInt64
    var ModifyIndex: UInt64

    init(_ node: RegistryNode, index: UInt64) {
        ID = node.id
        Node = node.name
        Address = node.address
        Datacenter = node.datacenter
        TaggedAddresses = [
            "lan": node.address, "lan_ipv4": node.address, "wan": node.address, "wan_ipv4": node.address,
        ]
        CreateIndex = index
        ModifyIndex = index
    }
}

/// `{"Address","Port"}` of `TaggedAddresses`.
struct TaggedAddressDocument: Encodable, Sendable {
    var Address: String
    var Port: Int
}

/// `{"Passing","Warning"}`.
struct WeightsDocument: Encodable, Sendable {
    var Passing: Int
    var Warning: Int
}

extension ServiceInstance {
    var taggedAddressDocuments: [String: TaggedAddressDocument]? {
        taggedAddresses.isEmpty ? nil : taggedAddresses.mapValues { .init(Address: $0.address, Port: $0.port) }
    }

    var weightsDocument: WeightsDocument { .init(Passing: weights.passing, Warning: weights.warning) }
}

/// An instance as the agent reports it (`/v1/agent/services`, `/v1/catalog/node/<node>`).
struct AgentServiceDocument: Encodable, Sendable {
    var Kind: String?
    var ID: String
    var Service: String
    var Tags: [String]
    var Meta: [String: String]
    var Port: Int
    var Address: String
    var TaggedAddresses: [String: TaggedAddressDocument]?
    var Weights: WeightsDocument
    var EnableTagOverride: Bool
    var Datacenter: String
    var CreateIndex: UInt64?
    var ModifyIndex: UInt64?

    init(_ service: ServiceInstance, datacenter: String, withIndexes: Bool = false) {
        Kind = service.kind.isEmpty ? nil : service.kind
        ID = service.id
        Service = service.name
        Tags = service.tags
        Meta = service.meta
        Port = service.port
        Address = service.address
        TaggedAddresses = service.taggedAddressDocuments
        Weights = service.weightsDocument
        EnableTagOverride = service.enableTagOverride
        Datacenter = datacenter
        CreateIndex = withIndexes ? service.createIndex : nil
        ModifyIndex = withIndexes ? service.modifyIndex : nil
    }
}

/// `ServiceProxy` / `Proxy`: empty mesh settings.
struct ProxyDocument: Encodable, Sendable {
    var MeshGateway = EmptyObject()
    var Expose = EmptyObject()
}

/// An instance in `/v1/catalog/service/<name>`: node and service fields flattened.
struct CatalogServiceDocument: Encodable, Sendable {
    var ID: String
    var Node: String
    var Address: String
    var Datacenter: String
    var TaggedAddresses: [String: String]
    var NodeMeta: [String: String]
    var ServiceKind: String
    var ServiceID: String
    var ServiceName: String
    var ServiceTags: [String]
    var ServiceAddress: String
    var ServiceTaggedAddresses: [String: TaggedAddressDocument]?
    var ServiceWeights: WeightsDocument
    var ServiceMeta: [String: String]
    var ServicePort: Int
    var ServiceEnableTagOverride: Bool
    var ServiceProxy = ProxyDocument()
    var ServiceConnect = EmptyObject()
    var CreateIndex: UInt64
    var ModifyIndex: UInt64

    init(_ service: ServiceInstance, node: NodeDocument) {
        ID = node.ID
        Node = node.Node
        Address = node.Address
        Datacenter = node.Datacenter
        TaggedAddresses = node.TaggedAddresses
        NodeMeta = node.Meta
        ServiceKind = service.kind
        ServiceID = service.id
        ServiceName = service.name
        ServiceTags = service.tags
        ServiceAddress = service.address
        ServiceTaggedAddresses = service.taggedAddressDocuments
        ServiceWeights = service.weightsDocument
        ServiceMeta = service.meta
        ServicePort = service.port
        ServiceEnableTagOverride = service.enableTagOverride
        CreateIndex = service.createIndex
        ModifyIndex = service.modifyIndex
    }
}

/// The `Service` of a health entry.
struct HealthServiceDocument: Encodable, Sendable {
    var ID: String
    var Service: String
    var Tags: [String]
    var Address: String
    var TaggedAddresses: [String: TaggedAddressDocument]?
    var Meta: [String: String]
    var Port: Int
    var Weights: WeightsDocument
    var EnableTagOverride: Bool
    var Proxy = ProxyDocument()
    var Connect = EmptyObject()
    var PeerName = ""
    var CreateIndex: UInt64
    var ModifyIndex: UInt64

    init(_ service: ServiceInstance) {
        ID = service.id
        Service = service.name
        Tags = service.tags
        Address = service.address
        TaggedAddresses = service.taggedAddressDocuments
        Meta = service.meta
        Port = service.port
        Weights = service.weightsDocument
        EnableTagOverride = service.enableTagOverride
        CreateIndex = service.createIndex
        ModifyIndex = service.modifyIndex
    }
}

/// A check (`/v1/agent/checks`, `/v1/health/*`).
struct CheckDocument: Encodable, Sendable {
    var Node: String
    var CheckID: String
    var Name: String
    var Status: String
    var Notes: String
    var Output: String
    var ServiceID: String
    var ServiceName: String
    var ServiceTags: [String]
    var `Type`: String
    var Interval: String
    var Timeout: String
    var ExposedPort = 0
    var Definition = EmptyObject()
    var CreateIndex: UInt64
    var ModifyIndex: UInt64

    init(_ check: RegistryCheck, node: String) {
        Node = node
        CheckID = check.id
        Name = check.name
        Status = check.status.rawValue
        Notes = check.notes
        Output = check.output
        ServiceID = check.serviceID
        ServiceName = check.serviceName
        ServiceTags = check.serviceTags
        Type = check.kind.typeName
        Interval = check.interval.map(GoDuration.format) ?? ""
        Timeout = check.timeout.map(GoDuration.format) ?? ""
        CreateIndex = check.createIndex
        ModifyIndex = check.modifyIndex
    }
}

/// One entry of `/v1/health/service/<name>`.
struct HealthEntryDocument: Encodable, Sendable {
    var Node: NodeDocument
    var Service: HealthServiceDocument
    var Checks: [CheckDocument]
}
