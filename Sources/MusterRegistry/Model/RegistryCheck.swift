/// One health check (`shared/protocols.md` §4.2, §4.9): of a service instance, or of the node when
/// `serviceID` is empty.
public struct RegistryCheck: Sendable, Hashable {
    /// What runs the check, and how.
    public enum Kind: Sendable, Hashable {
        /// Its status comes only from TTL updates; critical when none arrives within the TTL.
        case ttl(Duration)
        /// The registry sends an HTTP request every interval.
        case http(HTTPCheckTarget)
        /// The registry connects to `host:port` every interval.
        case tcp(host: String, port: Int)
        /// Muster sets its status from the lifecycle of the supervised instance.
        case muster
        /// The maintenance check of a service or of the node: always critical.
        case maintenance
        /// `serfHealth`: the node is alive.
        case serf

        /// The `Type` Consul reports.
        public var typeName: String {
            switch self {
            case .ttl: "ttl"
            case .http: "http"
            case .tcp: "tcp"
            case .muster: "muster"
            case .maintenance: "maintenance"
            case .serf: ""
            }
        }
    }

    /// `CheckID`.
    public var id: String
    /// `Name`.
    public var name: String
    /// `Status`.
    public var status: CheckStatus = .critical
    /// `Notes`.
    public var notes: String = ""
    /// `Output`: what the last run (or TTL update) said.
    public var output: String = ""
    /// `ServiceID`; empty for a node check.
    public var serviceID: String = ""
    /// `ServiceName`; empty for a node check.
    public var serviceName: String = ""
    /// `ServiceTags`.
    public var serviceTags: [String] = []
    /// What runs it.
    public var kind: Kind
    /// How often an HTTP or TCP check runs.
    public var interval: Duration?
    /// How long one HTTP or TCP run may take.
    public var timeout: Duration?
    /// `DeregisterCriticalServiceAfter`: the service is removed when this check stays critical this long.
    public var deregisterCriticalAfter: Duration?
    /// The index of the write that created it.
    public var createIndex: UInt64 = 0
    /// The index of the write that last changed it.
    public var modifyIndex: UInt64 = 0

    /// The longest `Output` kept (Consul's default `OutputMaxSize`).
    public static let outputLimit = 4096

    /// A check `id` named `name`, run by `kind`.
    public init(id: String, name: String, kind: Kind) {
        self.id = id
        self.name = name
        self.kind = kind
    }

    /// `text` cut to ``outputLimit`` bytes, on a character boundary.
    static func truncated(_ text: String) -> String {
        guard text.utf8.count > outputLimit else { return text }
        var result = ""
        for character in text {
            guard result.utf8.count + character.utf8.count <= outputLimit else { break }
            result.append(character)
        }
        return result
    }
}

/// Where an HTTP check sends its request.
public struct HTTPCheckTarget: Sendable, Hashable {
    /// The full `http://` URL.
    public var url: String
    /// `Method`, GET by default.
    public var method: String = "GET"
    /// `Header`: extra request headers, each with one or more values.
    public var headers: [String: [String]] = [:]
    /// `Body`.
    public var body: String = ""

    /// A GET of `url`.
    public init(url: String) {
        self.url = url
    }
}
