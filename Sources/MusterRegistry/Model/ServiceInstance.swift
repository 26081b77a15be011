/// One registered service instance (`shared/protocols.md` §4.2).
public struct ServiceInstance: Sendable, Hashable {
    /// An alternative address of the instance (`TaggedAddresses` values).
    public struct TaggedAddress: Sendable, Hashable {
        /// The address.
        public var address: String
        /// The port.
        public var port: Int

        /// An address and port.
        public init(address: String, port: Int) {
            self.address = address
            self.port = port
        }
    }

    /// `Weights`: SRV weights when passing and when warning.
    public struct Weights: Sendable, Hashable {
        /// Weight while every check passes.
        public var passing: Int
        /// Weight while a check warns.
        public var warning: Int

        /// Weights, 1 and 1 by default.
        public init(passing: Int = 1, warning: Int = 1) {
            self.passing = passing
            self.warning = warning
        }
    }

    /// `ID`, unique in the registry.
    public var id: String
    /// `Service`: the name clients look it up by.
    public var name: String
    /// `Tags`.
    public var tags: [String] = []
    /// `Address`; empty means the node's address.
    public var address: String = ""
    /// `Port`.
    public var port: Int = 0
    /// `Meta`.
    public var meta: [String: String] = [:]
    /// `TaggedAddresses`, keyed by tag (`lan`, `wan_ipv4` ...).
    public var taggedAddresses: [String: TaggedAddress] = [:]
    /// `Weights`.
    public var weights = Weights()
    /// `EnableTagOverride`.
    public var enableTagOverride = false
    /// `Kind`, usually empty.
    public var kind: String = ""
    /// The index of the write that created it.
    public var createIndex: UInt64 = 0
    /// The index of the write that last changed it.
    public var modifyIndex: UInt64 = 0
    /// Who registered it, when that was a supervised process: it is removed when that process ends.
    public var owner: String?

    /// An instance `id` of service `name`.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    /// Whether it has every tag of `tags`, compared case-insensitively.
    func hasTags(_ tags: [String]) -> Bool {
        let own = Set(self.tags.map { $0.lowercased() })
        return tags.allSatisfy { own.contains($0.lowercased()) }
    }
}
