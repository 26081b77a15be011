import MusterCore

/// `muster registry`: the embedded registry alone, in the foreground, until SIGINT or SIGTERM.
public struct RegistryRunner: Sendable {
    /// Preferred ports by name (`http_port`, `dns_port`); 0 = any free port.
    public var ports: [String: Int]

    /// A runner preferring `ports`.
    public init(ports: [String: Int] = [:]) { self.ports = ports }

    /// Runs until a signal stops it; returns the exit code.
    public func run() async throws -> Int32 {
        try await ForegroundComponent.run(name: "registry") { logs in
            try await EmbeddedRegistry.bind(.enabled(ports: ports), logs: logs).map { ($0.services, $0.environment) }
        }
    }
}
