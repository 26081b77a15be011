import MusterBroker
import MusterCore
import ServiceLifecycle

/// The broker a stack runs before any service (design §5): nsqd's TCP protocol and HTTP API
/// and an nsqlookupd HTTP API, on their standard ports or on free ones when those are taken,
/// with the addresses every service is told.
struct EmbeddedBroker {
    let tcp: NSQServer
    let http: NSQHTTPServer
    let lookup: NSQLookupServer
    /// Preferred ports and the ones chosen for the bind.
    private let ports: ListenerPorts

    /// A broker for `setting`, or nil when it is off; what it logs goes through `logs`.
    init?(_ setting: StackDefinition.ComponentSetting, logs: LogMultiplexer) {
        guard case .enabled(let wanted) = setting else { return nil }
        ports = ListenerPorts([
            ("TCP", wanted["tcp_port"] ?? 4150), ("HTTP", wanted["http_port"] ?? 4151),
            ("lookupd", wanted["lookupd_http_port"] ?? 4161),
        ])
        let logger = SystemLineLogHandler.logger(label: "muster.broker", logs: logs)
        tcp = NSQServer(port: ports.chosen[0], fallsBackToAnyPort: true, logger: logger)
        http = NSQHTTPServer(nsqServer: tcp, port: ports.chosen[1], fallsBackToAnyPort: true, logger: logger)
        lookup = NSQLookupServer(
            nsqServer: tcp, httpServer: http, port: ports.chosen[2], fallsBackToAnyPort: true, logger: logger)
    }

    /// Its services, in start order.
    var services: [any Service] { [tcp, http, lookup] }

    /// The line Muster prints about it once it listens, naming the ports it really has: a port
    /// that was free when chosen may have been taken before the bind, and then another is used.
    func announcement() async throws -> String {
        let bound = [try await tcp.boundPort(), try await http.boundPort(), try await lookup.boundPort()]
        return ports.announcement("broker (NSQ)", bound: bound, likelyTaker: "a real nsqd")
    }

    /// Waits until it listens, then returns what services are told (design §5).
    func environment() async throws -> [String: String] {
        [
            "NSQD_TCP_ADDRESS": "127.0.0.1:\(try await tcp.boundPort())",
            "NSQD_HTTP_ADDRESS": "127.0.0.1:\(try await http.boundPort())",
            "NSQLOOKUPD_HTTP_ADDRESS": "127.0.0.1:\(try await lookup.boundPort())",
        ]
    }
}
