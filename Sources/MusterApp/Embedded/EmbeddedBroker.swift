import MusterBroker
import MusterCore
import ServiceLifecycle

/// The broker a stack runs before any service (design §5): nsqd's TCP protocol and HTTP API
/// and an nsqlookupd HTTP API, bound on their standard ports or on free ones when those are
/// taken, with the addresses every service is told.
struct EmbeddedBroker: Sendable {
    let tcp: NSQServer
    let http: NSQHTTPServer
    let lookup: NSQLookupServer
    /// The preferred ports, for the announcement.
    private let ports: ListenerPorts

    /// Binds a broker for `setting`, or returns nil when it is off; what it logs goes through `logs`.
    static func bind(_ setting: StackDefinition.ComponentSetting, logs: LogMultiplexer) async throws -> EmbeddedBroker?
    {
        guard case .enabled(let wanted) = setting else { return nil }
        let ports = ListenerPorts([
            ("TCP", wanted["tcp_port"] ?? 4150), ("HTTP", wanted["http_port"] ?? 4151),
            ("lookupd", wanted["lookupd_http_port"] ?? 4161),
        ])
        let logger = SystemLineLogHandler.logger(label: "muster.broker", logs: logs)
        let tcp = try await NSQServer.bind(port: ports.preferred[0], fallsBackToAnyPort: true, logger: logger)
        let http = try await NSQHTTPServer.bind(
            nsqServer: tcp, port: ports.preferred[1], fallsBackToAnyPort: true, logger: logger)
        let lookup = try await NSQLookupServer.bind(
            nsqServer: tcp, httpServer: http, port: ports.preferred[2], fallsBackToAnyPort: true, logger: logger)
        return EmbeddedBroker(tcp: tcp, http: http, lookup: lookup, ports: ports)
    }

    /// Its services, in start order.
    var services: [any Service] { [tcp, http, lookup] }

    /// The line Muster prints about it, naming the ports it really has.
    var announcement: String {
        ports.announcement("broker (NSQ)", bound: [tcp.port, http.port, lookup.port], likelyTaker: "a real nsqd")
    }

    /// What services are told (design §5).
    var environment: [String: String] {
        [
            "NSQD_TCP_ADDRESS": "127.0.0.1:\(tcp.port)",
            "NSQD_HTTP_ADDRESS": "127.0.0.1:\(http.port)",
            "NSQLOOKUPD_HTTP_ADDRESS": "127.0.0.1:\(lookup.port)",
        ]
    }
}
