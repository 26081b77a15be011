/// Everything needed to run one instance of a container service, resolved before anything starts.
package struct ContainerPlan: Sendable, Hashable {
    /// The container's name: `muster-<project>-<service>-<n>`.
    package var name: String
    /// The project, which labels every container of the stack.
    package var project: String
    /// The project's directory, which labels the container too: two stacks may share a project
    /// name, and each must tell its own leftovers from the other's running containers.
    package var projectDirectory = ""
    /// The image to run (`image:`, or the name `build:` gives the image it builds).
    package var image: String
    /// `build:`, when the image is built before the service starts.
    package var build: ContainerDefinition.Build?
    /// `volumes:` in the runtime's short syntax.
    package var volumes: [String] = []
    /// `ports:` in the runtime's short syntax.
    package var ports: [String] = []
    /// `entrypoint:`; nil keeps the image's own.
    package var entrypoint: [String]?
    /// `init: true`: run the runtime's init as PID 1 (`--init`).
    package var runsInit = false
    /// `working_dir:` inside the container.
    package var workingDirectory: String?
    /// Variables from `.env` files: they reach the container even when the shell overrides their value.
    package var dotEnvKeys: Set<String> = []

    /// The plan of instance `number` of `service` from its container settings.
    package init(service: String, number: Int, project: String, settings: ContainerDefinition) {
        let project = Self.nameComponent(project, lowercased: false)
        name = "muster-\(project)-\(service)-\(number)"
        self.project = project
        image = settings.image ?? Self.builtImageName(project: project, service: service)
        build = settings.build
        volumes = settings.volumes
        ports = settings.ports
        entrypoint = settings.entrypoint
        runsInit = settings.runsInit
        workingDirectory = settings.workingDirectory
    }

    /// The label every container of a project carries, as `KEY=VALUE`.
    package static func projectLabel(_ project: String) -> String {
        "\(labelPrefix).project=\(nameComponent(project, lowercased: false))"
    }

    /// The prefix of Muster's labels.
    static let labelPrefix = "io.muster"

    /// The label naming the directory of the stack that runs the container.
    static let directoryLabelKey = "\(labelPrefix).directory"

    /// The name of the image `build:` makes when `image:` does not name it: `muster-<project>-<service>`.
    static func builtImageName(project: String, service: String) -> String {
        var name = "muster-\(nameComponent(project, lowercased: true))-\(nameComponent(service, lowercased: true))"
        while let last = name.last, !(last.isLetter || last.isNumber) { name.removeLast() }
        return name
    }

    /// `text` with anything a container or image name cannot hold replaced by `-`.
    static func nameComponent(_ text: String, lowercased: Bool) -> String {
        let source = lowercased ? text.lowercased() : text
        let cleaned = String(
            source.map { character -> Character in
                guard character.isASCII, character.isLetter || character.isNumber || "_.-".contains(character)
                else { return "-" }
                return lowercased && character == "_" ? "-" : character
            })
        return cleaned.isEmpty ? "project" : cleaned
    }
}

extension InstancePlan {
    /// Whether the instance runs as a container.
    package var isContainer: Bool { container != nil }
}

extension StackPlanner {
    /// Gives every instance of a container service its container plan.
    static func planContainers(
        _ instances: inout [InstancePlan], services: [ServiceDefinition], project: String, directory: String,
        dotEnvKeys: Set<String>
    ) {
        let settings = Dictionary(services.compactMap { service in service.container.map { (service.name, $0) } }) {
            first, _ in first
        }
        for index in instances.indices {
            guard let container = settings[instances[index].service] else { continue }
            var plan = ContainerPlan(
                service: instances[index].service, number: instances[index].number, project: project,
                settings: container)
            plan.dotEnvKeys = dotEnvKeys
            plan.projectDirectory = directory
            instances[index].container = plan
        }
    }
}
