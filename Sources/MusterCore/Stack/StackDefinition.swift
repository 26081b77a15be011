/// A whole `muster.yaml`, validated: the project, stack-wide settings and services in file order.
public struct StackDefinition: Sendable, Hashable {
    /// `broker:` or `registry:`: on with default ports, on with these ports, or off.
    public enum ComponentSetting: Sendable, Hashable {
        /// Off.
        case disabled
        /// On; ports by name (`tcp_port`, `http_port`, `lookupd_http_port`, `dns_port`), missing ones default.
        case enabled(ports: [String: Int])
    }

    /// `name:`; nil uses the directory name.
    public var name: String?
    /// The stack file as the user named it.
    public var file: String
    /// The directory of the stack file (absolute).
    public var directory: String
    /// Top-level `env_file:`, resolved against the directory.
    public var envFiles: [String] = []
    /// Top-level `environment:`.
    public var environment: [String: String] = [:]
    /// `broker:`.
    public var broker: ComponentSetting = .enabled(ports: [:])
    /// `registry:`.
    public var registry: ComponentSetting = .enabled(ports: [:])
    /// `container_runtime:`; nil lets Muster pick the first runtime that answers.
    public var containerRuntime: ContainerRuntimeKind?
    /// The services in file order.
    public var services: [ServiceDefinition]

    /// Creates a definition.
    public init(file: String, directory: String, services: [ServiceDefinition]) {
        self.file = file
        self.directory = directory
        self.services = services
    }
}
