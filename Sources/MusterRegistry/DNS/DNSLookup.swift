/// What the responder needs from the directory to answer a query.
public enum DNSLookup: Sendable, Hashable {
    /// The healthy instances of `service`, filtered by `tag` when one is given.
    case instances(service: String, tag: String?)
    /// The node named `name`.
    case node(name: String)

    /// Asks `directory`.
    public func perform(in directory: any DNSServiceDirectory) async -> DNSDirectoryAnswer {
        switch self {
        case .instances(let service, let tag): .instances(await directory.healthyInstances(of: service, tag: tag))
        case .node(let name): .node(await directory.node(named: name))
        }
    }
}

/// The directory's answer to a `DNSLookup`.
public enum DNSDirectoryAnswer: Sendable, Hashable {
    /// The instances found (empty when none).
    case instances([DNSServiceInstance])
    /// The node found, if any.
    case node(DNSNode?)
    /// Nothing was asked (the query needed no directory data).
    case none
}

/// The transport a query arrived on, which decides the response size limit.
public enum DNSTransport: Sendable, Hashable {
    /// UDP: 512 bytes and `udpAnswerLimit` answers, or the EDNS0 advertised size.
    case udp
    /// TCP: up to 65535 bytes, no answer limit.
    case tcp
}
