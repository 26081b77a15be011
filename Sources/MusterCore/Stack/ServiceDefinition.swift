/// One service of a stack as written in `muster.yaml` (or a Procfile line), validated but not yet
/// resolved into instances.
package struct ServiceDefinition: Sendable, Hashable {
    /// `port:`.
    package enum PortSetting: Sendable, Hashable {
        /// A fixed first port; replica n gets port + n - 1.
        case fixed(Int)
        /// Free ports chosen at start.
        case auto
    }

    /// The service name.
    package var name: String
    /// What to run; nil only for container services that use the image's own command.
    package var command: ServiceCommand?
    /// `working_dir`, already resolved against the stack file's directory.
    package var workingDirectory: String?
    /// `environment:`.
    package var environment: [String: String] = [:]
    /// `env_file:`, resolved against the stack file's directory, in order.
    package var envFiles: [String] = []
    /// `port:`.
    package var port: PortSetting?
    /// `replicas:`.
    package var replicas: Int = 1
    /// `depends_on:`.
    package var dependsOn: [Dependency] = []
    /// `healthcheck:`.
    package var healthcheck: HealthCheckDefinition?
    /// What "ready" means when it is not derived from `healthcheck:` and `port:` (design §3); a
    /// Procfile's services are ready once running, whatever their port (design §2.1).
    var readiness: Readiness?
    /// `restart:`; nil when not written (on-failure, or no for a oneshot job).
    package var restart: RestartPolicy?
    /// `stop_signal:`.
    package var stopSignal: ProcessSignal = .terminate
    /// `stop_grace_period:`.
    package var stopGracePeriod: Duration = .seconds(10)
    /// `oneshot:`: a job that runs to completion.
    package var oneshot: Bool = false
    /// `tty:`.
    package var tty: Bool = false
    /// `profiles:`.
    package var profiles: [String] = []
    /// `register:`; nil means "when it has a port".
    package var register: Bool?
    /// `exit_on_failure:`.
    package var exitOnFailure: Bool = false
    /// `image:`, `build:` and the other container settings: set for a container service (design §7).
    package var container: ContainerDefinition?
    /// Where the service's key was written.
    package var location: SourceLocation?

    /// A service with defaults.
    package init(name: String, command: ServiceCommand?) {
        self.name = name
        self.command = command
    }
}
