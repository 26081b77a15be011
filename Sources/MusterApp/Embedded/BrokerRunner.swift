import MusterCore

/// `muster broker`: the embedded broker alone, in the foreground, until SIGINT or SIGTERM.
public struct BrokerRunner: Sendable {
    /// Preferred ports by name (`tcp_port`, `http_port`, `lookupd_http_port`); 0 = any free port.
    public var ports: [String: Int]

    /// A runner preferring `ports`.
    public init(ports: [String: Int] = [:]) { self.ports = ports }

    /// Runs until a signal stops it; returns the exit code.
    public func run() async throws -> Int32 {
        try await ForegroundComponent.run(name: "broker") { logs in
            try await EmbeddedBroker.bind(.enabled(ports: ports), logs: logs).map { ($0.services, $0.environment) }
        }
    }
}
