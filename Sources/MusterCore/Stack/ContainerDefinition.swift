/// The container settings of a service with `image:` or `build:` (design §7), as written in
/// `muster.yaml` with host paths already resolved against the stack file's directory.
package struct ContainerDefinition: Sendable, Hashable {
    /// `build:`: how to build the service's image before it starts.
    package struct Build: Sendable, Hashable {
        /// The build context directory (absolute).
        package var context: String
        /// The Dockerfile, relative to the context as Compose has it; nil for the runtime's default.
        package var dockerfile: String?
        /// `args:`: build arguments.
        package var arguments: [String: String] = [:]
        /// `target:`: the stage to build.
        package var target: String?

        /// A build of `context` with the default Dockerfile.
        package init(context: String, dockerfile: String? = nil) {
            self.context = context
            self.dockerfile = dockerfile
        }
    }

    /// `image:`; with `build:`, the name the built image gets.
    package var image: String?
    /// `build:`.
    package var build: Build?
    /// `volumes:` in the runtime's short syntax (`/abs/host:/in/container:ro`, `name:/data`, `/data`).
    package var volumes: [String] = []
    /// `ports:` in the runtime's short syntax (`8080:80`, `127.0.0.1:8080:80/udp`).
    package var ports: [String] = []
    /// `entrypoint:` as words; nil keeps the image's own, an empty list clears it.
    package var entrypoint: [String]?
    /// `init: true`: the runtime's init runs as PID 1 and forwards signals, so a shell command
    /// that ignores SIGTERM as PID 1 still stops at once.
    package var runsInit = false
    /// `working_dir:`: a directory inside the container.
    package var workingDirectory: String?

    /// Settings with nothing chosen yet.
    package init(image: String? = nil) {
        self.image = image
    }
}

extension ServiceDefinition {
    /// `image:`: a container service's image (nil for a process, or a container built without a name).
    package var image: String? {
        get { container?.image }
        set {
            var settings = container ?? ContainerDefinition()
            settings.image = newValue
            container = settings
        }
    }
}
