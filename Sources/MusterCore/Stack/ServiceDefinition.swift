/// One service of a stack as written in `muster.yaml` (or a Procfile line), validated but not yet
/// resolved into instances.
public struct ServiceDefinition: Sendable, Hashable {
    /// `port:`.
    public enum PortSetting: Sendable, Hashable {
        /// A fixed first port; replica n gets port + n - 1.
        case fixed(Int)
        /// Free ports chosen at start.
        case auto
    }

    /// The service name.
    public var name: String
    /// What to run; nil only for container services that use the image's own command.
    public var command: ServiceCommand?
    /// `working_dir`, already resolved against the stack file's directory.
    public var workingDirectory: String?
    /// `environment:`.
    public var environment: [String: String] = [:]
    /// `env_file:`, resolved against the stack file's directory, in order.
    public var envFiles: [String] = []
    /// `port:`.
    public var port: PortSetting?
    /// `replicas:`.
    public var replicas: Int = 1
    /// `depends_on:`.
    public var dependsOn: [Dependency] = []
    /// `healthcheck:`.
    public var healthcheck: HealthCheckDefinition?
    /// What "ready" means when it is not derived from `healthcheck:` and `port:` (design §3); a
    /// Procfile's services are ready once running, whatever their port (design §2.1).
    var readiness: Readiness?
    /// `restart:`; nil when not written (on-failure, or no for a oneshot job).
    public var restart: RestartPolicy?
    /// `stop_signal:`.
    public var stopSignal: ProcessSignal = .terminate
    /// `stop_grace_period:`.
    public var stopGracePeriod: Duration = .seconds(10)
    /// `oneshot:`: a job that runs to completion.
    public var oneshot: Bool = false
    /// `tty:`.
    public var tty: Bool = false
    /// `profiles:`.
    public var profiles: [String] = []
    /// `register:`; nil means "when it has a port".
    public var register: Bool?
    /// `exit_on_failure:`.
    public var exitOnFailure: Bool = false
    /// `image:`, `build:` and the other container settings: set for a container service (design §7).
    public var container: ContainerDefinition?
    /// Where the service's key was written.
    public var location: SourceLocation?

    /// A service with defaults.
    public init(name: String, command: ServiceCommand?) {
        self.name = name
        self.command = command
    }
}
