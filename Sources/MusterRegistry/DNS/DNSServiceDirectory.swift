/// What the DNS responder asks the registry (`shared/protocols.md` §5): the registry's catalog
/// implements it, so the responder needs no knowledge of how services are stored.
public protocol DNSServiceDirectory: Sendable {
    /// The registry's datacenter (e.g. `dc1`).
    var datacenter: String { get }
    /// Instances of `service` (case-insensitive) having `tag` when one is given, excluding every
    /// instance with a critical check; warning instances are included. Empty when none exist.
    func healthyInstances(of service: String, tag: String?) async -> [DNSServiceInstance]
    /// The node named `name` (case-insensitive), if the registry knows it.
    func node(named name: String) async -> DNSNode?
}

/// A node as DNS answers see it.
public struct DNSNode: Sendable, Hashable {
    /// The node's name (the `<node>` of `<node>.node.consul`).
    public var name: String
    /// Its address, IPv4 or IPv6 text.
    public var address: String

    /// A node named `name` at `address`.
    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }
}

/// One service instance as DNS answers see it.
public struct DNSServiceInstance: Sendable, Hashable {
    /// The node it runs on.
    public var node: DNSNode
    /// The service's own `Address`, or empty to fall back to the node's.
    public var serviceAddress: String
    /// The service port.
    public var port: Int
    /// Whether its aggregated check status is warning (SRV weight then comes from `warningWeight`).
    public var isWarning: Bool
    /// `Weights.Passing`.
    public var passingWeight: Int
    /// `Weights.Warning`.
    public var warningWeight: Int

    /// An instance on `node`, reachable at `serviceAddress` (or the node's address when empty) on `port`.
    public init(
        node: DNSNode, serviceAddress: String, port: Int, isWarning: Bool = false, passingWeight: Int = 1,
        warningWeight: Int = 1
    ) {
        self.node = node
        self.serviceAddress = serviceAddress
        self.port = port
        self.isWarning = isWarning
        self.passingWeight = passingWeight
        self.warningWeight = warningWeight
    }
}
