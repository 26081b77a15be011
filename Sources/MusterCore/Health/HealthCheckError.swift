/// A health check that cannot be run as configured.
package enum HealthCheckError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `log:` pattern is not a valid regular expression.
    case invalidPattern(String, reason: String)
    /// The probe needs the instance's port, and the instance has none.
    case noPort(probe: String)
    /// The `http:` value is neither a path nor an `http://host:port/path` URL.
    case invalidURL(String)
    /// A `log:` check is not an attempt; it watches output lines through a `LogPatternWatcher`.
    case notAnAttempt

    /// One sentence that says what is wrong and what to do.
    package var description: String {
        switch self {
        case .invalidPattern(let pattern, let reason):
            "The healthcheck log pattern `\(pattern)` is not a valid regular expression (\(reason)); fix `log:` in the healthcheck."
        case .noPort(let probe):
            "The healthcheck `\(probe)` needs the service's port, but the service has none; give it a `port:` or name a port in the healthcheck."
        case .invalidURL(let value):
            "The healthcheck `http: \(value)` is neither a path like /health nor a URL like http://127.0.0.1:8080/health; fix `http:` in the healthcheck."
        case .notAnAttempt:
            "A `log:` healthcheck watches output lines and has no probe attempt; use a LogPatternWatcher."
        }
    }
}
