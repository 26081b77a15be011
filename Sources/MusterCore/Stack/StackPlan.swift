/// A whole stack, resolved and ready to run.
public struct StackPlan: Sendable, Hashable {
    /// The project name (`MUSTER_PROJECT`).
    public var project: String
    /// The file the stack came from, as the user named it.
    public var file: String
    /// The directory relative paths are resolved against.
    public var directory: String
    /// What every instance shares before Muster's per-instance variables: defaults, `.env`, shell.
    package var environment: ResolvedEnvironment
    /// Every instance to run, in file order.
    package var instances: [InstancePlan]
    /// The embedded broker: on with these preferred ports (`tcp_port` ...), or off.
    package var broker: StackDefinition.ComponentSetting = .enabled(ports: [:])
    /// `container_runtime:`; nil lets Muster pick the first runtime that answers.
    package var containerRuntime: ContainerRuntimeKind?
    /// The embedded registry: on with these preferred ports (`http_port`, `dns_port`), or off.
    package var registry: StackDefinition.ComponentSetting = .enabled(ports: [:])
    /// `--abort-on-exit`: the first instance to end stops the stack with its exit code (and none
    /// is restarted).
    public var abortOnExit = false
    /// What is valid but probably not meant (`muster check` and `muster start` say each).
    public var warnings: [String] = []

    /// Creates a plan.
    package init(
        project: String, file: String, directory: String, environment: ResolvedEnvironment, instances: [InstancePlan]
    ) {
        self.project = project
        self.file = file
        self.directory = directory
        self.environment = environment
        self.instances = instances
    }

    /// The names of the services, in file order, without repeats.
    public var serviceNames: [String] {
        var seen = Set<String>()
        return instances.map(\.service).filter { seen.insert($0).inserted }
    }

    /// Whether a service or an instance of the stack is called `name` (`web`, `web.1`).
    public func hasServiceOrInstance(named name: String) -> Bool {
        instances.contains { $0.name == name || $0.service == name }
    }
}
