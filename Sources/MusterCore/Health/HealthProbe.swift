import NIOCore

/// One probe of an instance's health, ready to be attempted again and again: each `attempt()`
/// runs it once, within its timeout, and says how it went.
package struct HealthProbe: Sendable {
    /// What an attempt does.
    enum Kind: Sendable {
        case http(HTTPProbe)
        case tcp(TCPProbe)
        case exec(ExecProbe)
    }

    private let kind: Kind

    /// The probe of a `healthcheck:` for an instance with this port, environment and directory.
    ///
    /// Throws for a `log:` check (use `LogPatternWatcher`), and for a probe that needs the
    /// instance's port when it has none. `clock` measures the timeout of `exec:` commands.
    package init(
        _ probe: HealthCheckDefinition.Probe, timeout: Duration, port: Int?, environment: [String: String],
        workingDirectory: String?, eventLoopGroup: any EventLoopGroup,
        clock: any Clock<Duration> = ContinuousClock()
    ) throws(HealthCheckError) {
        switch probe {
        case .http(let value):
            let target = try HTTPTarget(parsing: value, ownPort: port)
            kind = .http(HTTPProbe(target: target, timeout: timeout, eventLoopGroup: eventLoopGroup))
        case .tcp(let explicitPort):
            guard let tcpPort = explicitPort ?? port else { throw .noPort(probe: "tcp") }
            kind = .tcp(TCPProbe(port: tcpPort, timeout: timeout, eventLoopGroup: eventLoopGroup))
        case .exec(let command):
            kind = .exec(
                ExecProbe(
                    command: command, environment: environment, workingDirectory: workingDirectory,
                    timeout: timeout, clock: clock))
        case .log:
            throw .notAnAttempt
        }
    }

    /// The probe of readiness `.portAccepts(port)`: a TCP connection to 127.0.0.1:port.
    package static func portAccepts(
        _ port: Int, timeout: Duration = .seconds(1), eventLoopGroup: any EventLoopGroup
    ) -> HealthProbe {
        HealthProbe(kind: .tcp(TCPProbe(port: port, timeout: timeout, eventLoopGroup: eventLoopGroup)))
    }

    private init(kind: Kind) {
        self.kind = kind
    }

    /// Runs the probe once and says how it went; never throws, never outlives its timeout by much.
    package func attempt() async -> ProbeResult {
        switch kind {
        case .http(let probe): await probe.attempt()
        case .tcp(let probe): await probe.attempt()
        case .exec(let probe): await probe.attempt()
        }
    }
}
