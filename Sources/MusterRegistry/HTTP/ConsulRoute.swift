import Hummingbird
import MusterNet

/// The endpoints of the Consul HTTP API subset (`shared/protocols.md` §4.3–§4.7), each with the
/// percent-decoded path argument it takes and the methods it accepts.
enum ConsulRoute: Sendable, Hashable {
    case agentServices, agentService(String), registerService, deregisterService(String)
    case serviceMaintenance(String)
    case agentChecks, registerCheck, deregisterCheck(String), ttlUpdate(String, CheckStatus?)
    case agentSelf, agentMembers
    case catalogServices, catalogService(String), catalogNodes, catalogNode(String), catalogDatacenters
    case healthService(String), healthChecks(String), healthState(String), healthNode(String)
    case keyValue(String)
    case statusLeader, statusPeers

    /// The route of a raw (still percent-encoded) `path`; nil for an unknown path, or a malformed escape.
    init?(path: String) {
        guard path.hasPrefix("/v1/") else { return nil }
        let rest = path.dropFirst(4)
        if rest.hasPrefix("kv/") {
            guard let key = URLQuery.decode(rest.dropFirst(3).utf8, plusIsSpace: false) else { return nil }
            self = .keyValue(key)
            return
        }
        if let route = Self.fixed[String(rest)] {
            self = route
            return
        }
        guard let slash = rest.lastIndex(of: "/"),
            let argument = URLQuery.decode(rest[rest.index(after: slash)...].utf8, plusIsSpace: false),
            !argument.isEmpty, let make = Self.withArgument[String(rest[..<slash])]
        else { return nil }
        self = make(argument)
    }

    private static let fixed: [String: ConsulRoute] = [
        "agent/services": .agentServices, "agent/service/register": .registerService, "agent/checks": .agentChecks,
        "agent/check/register": .registerCheck, "agent/self": .agentSelf, "agent/members": .agentMembers,
        "catalog/services": .catalogServices, "catalog/nodes": .catalogNodes,
        "catalog/datacenters": .catalogDatacenters, "status/leader": .statusLeader, "status/peers": .statusPeers,
    ]

    private static let withArgument: [String: @Sendable (String) -> ConsulRoute] = [
        "agent/service": { .agentService($0) }, "agent/service/deregister": { .deregisterService($0) },
        "agent/service/maintenance": { .serviceMaintenance($0) },
        "agent/check/deregister": { .deregisterCheck($0) },
        "agent/check/pass": { .ttlUpdate($0, .passing) }, "agent/check/warn": { .ttlUpdate($0, .warning) },
        "agent/check/fail": { .ttlUpdate($0, .critical) }, "agent/check/update": { .ttlUpdate($0, nil) },
        "catalog/service": { .catalogService($0) }, "catalog/node": { .catalogNode($0) },
        "health/service": { .healthService($0) }, "health/checks": { .healthChecks($0) },
        "health/state": { .healthState($0) }, "health/node": { .healthNode($0) },
    ]

    /// The methods the route accepts.
    var methods: [HTTPRequest.Method] {
        switch self {
        case .registerService, .deregisterService, .serviceMaintenance, .registerCheck, .deregisterCheck,
            .ttlUpdate:
            [.put]
        case .keyValue: [.get, .put, .delete]
        default: [.get]
        }
    }

    /// Whether the route writes (and so reads a JSON or value body).
    var isWrite: Bool { methods.contains(.put) }
}
