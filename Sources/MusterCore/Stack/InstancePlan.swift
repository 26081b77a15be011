/// Everything needed to run one instance of a service, resolved before anything starts.
public struct InstancePlan: Sendable, Hashable {
    /// The service name (`web`).
    public var service: String
    /// The instance number, from 1.
    public var number: Int
    /// How many instances the service has.
    public var replicas: Int
    /// The command.
    public var command: ServiceCommand
    /// The working directory, nil for Muster's own.
    public var workingDirectory: String?
    /// The instance's port, when it has one.
    public var port: Int?
    /// The complete environment, with origins.
    public var environment: ResolvedEnvironment
    /// When the instance is started again.
    public var restart: RestartPolicy
    /// The signal that asks it to stop.
    public var stopSignal: ProcessSignal
    /// How long it may take to stop before it is killed.
    public var stopGracePeriod: Duration
    /// Whether its failing for good stops the whole stack with its exit code.
    public var exitOnFailure: Bool
    /// What "ready" means for it (design §3).
    public var readiness: Readiness = .running
    /// The services it waits for, and for what.
    public var dependencies: [Dependency] = []
    /// A job that runs to completion (exit 0 = completed, which satisfies dependents).
    public var oneshot: Bool = false
    /// Whether it is registered in the service registry.
    public var register: Bool = false
    /// Whether it runs under a pseudo-terminal.
    public var tty: Bool = false
    /// How it runs as a container; nil for a process.
    public var container: ContainerPlan?

    /// The instance name: `web.1`.
    public var name: String { "\(service).\(number)" }

    /// The name shown in output: `web`, or `web.1` when the service has replicas.
    public var displayName: String { replicas > 1 ? name : service }
}

/// When an instance counts as ready.
public enum Readiness: Sendable, Hashable {
    /// As soon as its process runs (no port, no health check; and Procfile services).
    case running
    /// When its port accepts TCP connections on 127.0.0.1.
    case portAccepts(Int)
    /// When its health check passes.
    case healthcheck(HealthCheckDefinition)
}
