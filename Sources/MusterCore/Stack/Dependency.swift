/// One entry of `depends_on`: the service waited for and the condition it must meet.
package struct Dependency: Sendable, Hashable {
    /// Compose's conditions.
    package enum Condition: String, Sendable, Hashable, CaseIterable {
        /// The dependency has started (its process is running).
        case started = "service_started"
        /// The dependency is ready: its health check passed (or its port accepts connections).
        case healthy = "service_healthy"
        /// The dependency (a oneshot job) exited with code 0.
        case completedSuccessfully = "service_completed_successfully"
    }

    /// The service depended on.
    package var service: String
    /// What it must reach.
    package var condition: Condition
    /// Where the dependency was written.
    package var location: SourceLocation?

    /// Creates a dependency.
    package init(service: String, condition: Condition = .started, location: SourceLocation? = nil) {
        self.service = service
        self.condition = condition
        self.location = location
    }
}
