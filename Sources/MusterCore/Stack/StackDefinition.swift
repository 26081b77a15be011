/// A whole `muster.yaml`, validated: the project, stack-wide settings and services in file order.
package struct StackDefinition: Sendable, Hashable {
    /// `broker:` or `registry:`: on with default ports, on with these ports, or off.
    package enum ComponentSetting: Sendable, Hashable {
        /// Off.
        case disabled
        /// On; ports by name (`tcp_port`, `http_port`, `lookupd_http_port`, `dns_port`), missing ones default.
        case enabled(ports: [String: Int])
    }

    /// `name:`; nil uses the directory name.
    package var name: String?
    /// The stack file as the user named it.
    package var file: String
    /// The directory of the stack file (absolute).
    package var directory: String
    /// Top-level `env_file:`, resolved against the directory.
    package var envFiles: [String] = []
    /// Top-level `environment:`.
    package var environment: [String: String] = [:]
    /// `broker:`.
    package var broker: ComponentSetting = .enabled(ports: [:])
    /// `registry:`.
    package var registry: ComponentSetting = .enabled(ports: [:])
    /// `container_runtime:`; nil lets Muster pick the first runtime that answers.
    package var containerRuntime: ContainerRuntimeKind?
    /// The services in file order.
    package var services: [ServiceDefinition]

    /// Creates a definition.
    package init(file: String, directory: String, services: [ServiceDefinition]) {
        self.file = file
        self.directory = directory
        self.services = services
    }
}
