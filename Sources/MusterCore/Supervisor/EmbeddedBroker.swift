import MusterBroker
import ServiceLifecycle

/// The broker a stack runs before any service (design §5): on its standard port, or on a free
/// one when that is taken, with the addresses every service is told.
struct EmbeddedBroker {
    /// The standard nsqd TCP port.
    static let defaultTCPPort = 4150

    let server: NSQServer
    let preferredPort: Int
    let port: Int

    /// A broker for `setting`, or nil when it is off; what it logs goes through `logs`.
    init?(_ setting: StackDefinition.ComponentSetting, logs: LogMultiplexer) {
        guard case .enabled(let ports) = setting else { return nil }
        preferredPort = ports["tcp_port"] ?? Self.defaultTCPPort
        port = ControlServer.availablePort(preferring: preferredPort)
        server = NSQServer(
            port: port, fallsBackToAnyPort: true,
            logger: SystemLineLogHandler.logger(label: "muster.broker", logs: logs))
    }

    /// The line Muster prints about it.
    var announcement: String {
        port == preferredPort
            ? "broker (NSQ) on 127.0.0.1:\(port)"
            : "port \(preferredPort) is taken (a real nsqd?), so the broker (NSQ) uses another; services get it as NSQD_TCP_ADDRESS"
    }

    /// Waits until it listens, then returns what services are told.
    func environment() async throws -> [String: String] {
        let bound = try await server.boundPort()
        return ["NSQD_TCP_ADDRESS": "127.0.0.1:\(bound)"]
    }
}
