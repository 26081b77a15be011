/// A service's `healthcheck:`: exactly one probe and its timing (design §2.3).
package struct HealthCheckDefinition: Sendable, Hashable {
    /// What the probe does.
    package enum Probe: Sendable, Hashable {
        /// GET this path on the instance's own port (or this full URL); 2xx and 3xx are healthy.
        case http(String)
        /// Connect to this port on 127.0.0.1 (nil: the instance's own port).
        case tcp(port: Int?)
        /// Run this shell command; exit 0 is healthy.
        case exec(String)
        /// Healthy once a line of the service's output matches this regular expression.
        case log(String)
    }

    /// The probe.
    package var probe: Probe
    /// Time between probes.
    package var interval: Duration = .seconds(1)
    /// How long one probe may take.
    package var timeout: Duration = .seconds(1)
    /// Consecutive failures before the instance counts as unhealthy.
    package var retries: Int = 3
    /// Failures during this time after start do not count.
    package var startPeriod: Duration = .zero

    /// A health check with the default timing.
    package init(probe: Probe) { self.probe = probe }
}
