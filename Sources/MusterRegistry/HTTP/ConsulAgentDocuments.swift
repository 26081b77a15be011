#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One KV entry; `Value` is base64, or `null` when empty.
struct KVDocument: Encodable, Sendable {
    var entry: KVEntry

    enum CodingKeys: String, CodingKey {
        case LockIndex, Key, Flags, Value, CreateIndex, ModifyIndex
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(0, forKey: .LockIndex)
        try container.encode(entry.key, forKey: .Key)
        try container.encode(entry.flags, forKey: .Flags)
        if entry.value.isEmpty {
            try container.encodeNil(forKey: .Value)
        } else {
            try container.encode(Data(entry.value).base64EncodedString(), forKey: .Value)
        }
        try container.encode(entry.createIndex, forKey: .CreateIndex)
        try container.encode(entry.modifyIndex, forKey: .ModifyIndex)
    }
}

/// The agent as a cluster member (`/v1/agent/members`, `Member` of `/v1/agent/self`).
struct MemberDocument: Encodable, Sendable {
    var Name: String
    var Addr: String
    var Port = 8301
    var Tags: [String: String]
    var Status = 1
    var ProtocolMin = 1
    var ProtocolMax = 2
    var ProtocolCur = 2
    var DelegateMin = 2
    var DelegateMax = 4
    var DelegateCur = 4

    init(_ node: RegistryNode) {
        Name = node.name
        Addr = node.address
        Tags = [
            "dc": node.datacenter, "role": "consul", "port": "8300", "id": node.id,
            "build": MusterRegistry.consulVersion,
        ]
    }
}

/// `/v1/agent/self`: exactly the keys py-consul's tests expect.
struct SelfDocument: Encodable, Sendable {
    struct ConfigDocument: Encodable, Sendable {
        var Datacenter: String
        var NodeName: String
        var NodeID: String
        var Server = true
        var Revision = "muster"
        var Version = MusterRegistry.consulVersion
    }

    struct CoordinateDocument: Encodable, Sendable {
        var Vec = [Double](repeating: 0, count: 8)
        var Error = 1.5
        var Adjustment = 0.0
        var Height = 1e-05
    }

    var Config: ConfigDocument
    var DebugConfig = EmptyObject()
    var Coord = CoordinateDocument()
    var Member: MemberDocument
    var Stats: [String: [String: String]]
    var Meta = ["consul-network-segment": ""]
    var xDS = EmptyObject()

    init(_ node: RegistryNode, leader: String) {
        Config = ConfigDocument(Datacenter: node.datacenter, NodeName: node.name, NodeID: node.id)
        Member = MemberDocument(node)
        Stats = ["consul": ["leader": "true", "leader_addr": leader, "server": "true", "known_datacenters": "1"]]
    }
}
