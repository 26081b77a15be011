import MusterNet

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The settings of a registry: who the one node is, where indexes start, and the limits that
/// Consul enforces.
public struct RegistryConfiguration: Sendable {
    /// `Datacenter` (`dc1`).
    public var datacenter = "dc1"
    /// The node's name: the machine's host name.
    public var nodeName = HostName.current
    /// The node's `ID`, a UUID, new for each registry.
    public var nodeID = UUID().uuidString.lowercased()
    /// The node's address.
    public var nodeAddress = "127.0.0.1"
    /// The first index: Unix milliseconds, so indexes keep growing across restarts and a client
    /// blocking with an index from an earlier run is not left hanging (`shared/protocols.md` §4.2).
    public var startIndex = UInt64(max(1, Date().timeIntervalSince1970 * 1000))
    /// The shortest interval of an HTTP or TCP check (shorter ones are raised to it).
    public var minimumCheckInterval: Duration = .seconds(1)
    /// The shortest `DeregisterCriticalServiceAfter` (shorter ones are raised to it).
    public var minimumDeregisterAfter: Duration = .seconds(60)
    /// The default `Timeout` of an HTTP or TCP check.
    public var defaultCheckTimeout: Duration = .seconds(10)
    /// The largest KV value.
    public var maxValueSize = 512 * 1024

    /// The defaults.
    public init() {}

    /// The node as the catalog describes it.
    var node: RegistryNode {
        RegistryNode(name: nodeName, id: nodeID, address: nodeAddress, datacenter: datacenter)
    }
}

/// The registry's one node.
public struct RegistryNode: Sendable, Hashable {
    /// `Node`.
    public var name: String
    /// `ID`.
    public var id: String
    /// `Address`.
    public var address: String
    /// `Datacenter`.
    public var datacenter: String
}
