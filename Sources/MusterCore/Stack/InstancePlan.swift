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

    /// The instance name: `web.1`.
    public var name: String { "\(service).\(number)" }

    /// The name shown in output: `web`, or `web.1` when the service has replicas.
    public var displayName: String { replicas > 1 ? name : service }
}
