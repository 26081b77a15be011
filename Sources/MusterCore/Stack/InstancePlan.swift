/// Everything needed to run one instance of a service, resolved before anything starts.
package struct InstancePlan: Sendable, Hashable {
    /// The service name (`web`).
    package var service: String
    /// The instance number, from 1.
    package var number: Int
    /// How many instances the service has.
    package var replicas: Int
    /// The command.
    package var command: ServiceCommand
    /// The working directory, nil for Muster's own.
    package var workingDirectory: String?
    /// The instance's port, when it has one.
    package var port: Int?
    /// The complete environment, with origins.
    package var environment: ResolvedEnvironment
    /// When the instance is started again.
    package var restart: RestartPolicy
    /// The signal that asks it to stop.
    package var stopSignal: ProcessSignal
    /// How long it may take to stop before it is killed.
    package var stopGracePeriod: Duration
    /// Whether its failing for good stops the whole stack with its exit code.
    package var exitOnFailure: Bool
    /// What "ready" means for it (design §3).
    package var readiness: Readiness = .running
    /// The services it waits for, and for what.
    package var dependencies: [Dependency] = []
    /// A job that runs to completion (exit 0 = completed, which satisfies dependents).
    package var oneshot: Bool = false
    /// Whether it is registered in the service registry.
    package var register: Bool = false
    /// Whether it runs under a pseudo-terminal.
    package var tty: Bool = false
    /// How it runs as a container; nil for a process.
    package var container: ContainerPlan?

    /// The instance name: `web.1`.
    package var name: String { "\(service).\(number)" }

    /// The name shown in output: `web`, or `web.1` when the service has replicas.
    package var displayName: String { replicas > 1 ? name : service }
}

/// When an instance counts as ready.
package enum Readiness: Sendable, Hashable {
    /// As soon as its process runs (no port, no health check; and Procfile services).
    case running
    /// When its port accepts TCP connections on 127.0.0.1.
    case portAccepts(Int)
    /// When its health check passes.
    case healthcheck(HealthCheckDefinition)
}
