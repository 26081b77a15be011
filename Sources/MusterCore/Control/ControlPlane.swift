/// What the control API can ask of a running stack; the supervisor implements it.
package protocol ControlPlane: Sendable {
    /// Every instance's state.
    func status() async -> StackStatus
    /// Restarts the instances matching `patterns` (service names, instance names, or globs like
    /// `web*`); returns their states after the request was taken.
    func restart(_ patterns: [String]) async throws(ControlError) -> [InstanceStatus]
    /// Stops the matching instances (they are not restarted until started again).
    func stop(_ patterns: [String]) async throws(ControlError) -> [InstanceStatus]
    /// Starts the matching instances that are not running.
    func start(_ patterns: [String]) async throws(ControlError) -> [InstanceStatus]
    /// State changes from now on, until the stack stops.
    func transitions() async -> AsyncStream<InstanceTransition>
    /// The last `tail` lines (all kept when nil) of the given services (all when empty), oldest first.
    func logs(services: [String], tail: Int?) async throws(ControlError) -> [LogEntry]
    /// Lines of the given services (all when empty) from now on, until the stack stops.
    func followLogs(services: [String]) async throws(ControlError) -> AsyncStream<LogEntry>
    /// Stops the whole stack gracefully; returns at once.
    func shutdown() async
    /// The resolved configuration as JSON (`muster config --json`).
    func configuration() async -> String
    /// What Muster adds to every service's environment while it runs: `MUSTER_API` and the
    /// embedded broker's and registry's addresses (`GET /v1/environment`).
    func sharedEnvironment() async -> [String: String]
}

/// A request the control API refuses: the HTTP status and one sentence saying why.
public struct ControlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 400, 403, 404, 409 or 503.
    public var status: Int
    /// One sentence.
    public var message: String

    /// Creates an error.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// The sentence.
    public var description: String { message }
}
