#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns a validated stack definition, from a `muster.yaml` or a Procfile, into a runnable plan:
/// which services run, their instances, ports, readiness and fully resolved environments (design
/// §2.1, §2.2, §2.3, §5).
package enum StackPlanner {
    /// What the command line adds to the stack file.
    package struct Options: Sendable {
        /// Services named on the command line; empty runs every service whose profile is active.
        package var selected: [String]
        /// `--profile`: the active profiles.
        package var profiles: [String]
        /// The implicit `.env` or the `-e` files, already loaded.
        package var dotEnv: [String: DotEnvValue]
        /// The environment Muster was started with.
        package var shellEnvironment: [String: String]
        /// Picks a free port for a service with `port: auto`; called once per instance.
        package var freePort: @Sendable () throws -> Int

        /// Creates options; by default free ports come from the kernel (`StackPlanner.freeLoopbackPort`).
        package init(
            selected: [String] = [], profiles: [String] = [], dotEnv: [String: DotEnvValue] = [:],
            shellEnvironment: [String: String] = ProcessInfo.processInfo.environment,
            freePort: @escaping @Sendable () throws -> Int = { try StackPlanner.freeLoopbackPort() }
        ) {
            self.selected = selected
            self.profiles = profiles
            self.dotEnv = dotEnv
            self.shellEnvironment = shellEnvironment
            self.freePort = freePort
        }
    }

    /// Resolves every selected service into instances; throws the first configuration error.
    package static func plan(_ definition: StackDefinition, options: Options) throws(ConfigError) -> StackPlan {
        let chosen = try selection(definition, options: options)
        let services = definition.services.filter { chosen.contains($0.name) }
        try checkDependenciesHaveInstances(services, definition: definition)
        let project = projectName(definition)
        let warnings = try checkScale(services, file: definition.file)

        var ports = try PortAllocator(services: services, freePort: options.freePort, file: definition.file)
        var instances: [InstancePlan] = []
        for service in services where service.replicas > 0 {
            let assigned = try ports.assign(service)
            for number in 1...service.replicas {
                instances.append(
                    try instance(
                        of: service, number: number, port: assigned[number - 1], definition: definition))
            }
        }

        let shared = sharedEnvironment(options)
        let stackLayer = try stackEnvironment(definition, options: options)
        var serviceLayers: [String: ServiceLayer] = [:]
        for service in services where service.replicas > 0 {
            serviceLayers[service.name] = try serviceEnvironment(service, definition: definition, options: options)
        }
        planContainers(
            &instances, services: services, project: project, directory: definition.directory,
            dotEnvKeys: Set(options.dotEnv.keys))
        let injected = InjectedEnvironment(project: project, instances: instances)
        for index in instances.indices {
            let layer = serviceLayers[instances[index].service] ?? ServiceLayer()
            instances[index].environment = environment(
                for: instances[index], shared: shared, stack: stackLayer, service: layer, injected: injected)
        }
        var plan = StackPlan(
            project: project, file: definition.file, directory: definition.directory, environment: shared,
            instances: instances)
        plan.broker = definition.broker
        plan.containerRuntime = definition.containerRuntime
        plan.registry = definition.registry
        plan.warnings = warnings
        return plan
    }

    /// `name:`, else the last component of the stack's directory.
    static func projectName(_ definition: StackDefinition) -> String {
        if let name = definition.name, !name.isEmpty { return name }
        return URL(fileURLWithPath: definition.directory).lastPathComponent
    }

    /// The names of the services that run: the named ones (or every one whose profile is active),
    /// plus everything they depend on, transitively.
    static func selection(_ definition: StackDefinition, options: Options) throws(ConfigError) -> Set<String> {
        let byName = Dictionary(definition.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if let unknown = options.selected.first(where: { byName[$0] == nil }) {
            let list = definition.services.map(\.name).joined(separator: ", ")
            throw ConfigError(
                file: definition.file, line: nil,
                message: "there is no service named \"\(unknown)\"; the services are \(list)")
        }
        let active = Set(options.profiles)
        var pending: [String] =
            options.selected.isEmpty
            ? definition.services.filter { $0.profiles.isEmpty || !active.isDisjoint(with: $0.profiles) }.map(\.name)
            : options.selected
        var chosen = Set<String>()
        while let name = pending.popLast() {
            guard chosen.insert(name).inserted, let service = byName[name] else { continue }
            for dependency in service.dependsOn {
                guard byName[dependency.service] != nil else {
                    throw ConfigError(
                        file: dependency.location?.file ?? definition.file, line: dependency.location?.line,
                        column: dependency.location?.column,
                        message:
                            "the service \"\(name)\" depends on \"\(dependency.service)\", which is not a service of this stack; fix the name or remove the dependency"
                    )
                }
                pending.append(dependency.service)
            }
        }
        return chosen
    }

    private static func checkDependenciesHaveInstances(
        _ services: [ServiceDefinition], definition: StackDefinition
    ) throws(ConfigError) {
        let empty = Set(services.filter { $0.replicas <= 0 }.map(\.name))
        for service in services where service.replicas > 0 {
            guard let dependency = service.dependsOn.first(where: { empty.contains($0.service) }) else { continue }
            let location = dependency.location ?? service.location
            throw ConfigError(
                file: location?.file ?? definition.file, line: location?.line, column: location?.column,
                message:
                    "the service \"\(service.name)\" depends on \"\(dependency.service)\", which has replicas: 0 and would never start; give it at least one replica or remove the dependency"
            )
        }
    }

    private static func instance(
        of service: ServiceDefinition, number: Int, port: Int?, definition: StackDefinition
    ) throws(ConfigError) -> InstancePlan {
        var plan = InstancePlan(
            service: service.name, number: number, replicas: service.replicas,
            command: try command(of: service, definition: definition),
            workingDirectory: service.workingDirectory ?? definition.directory, port: port,
            environment: ResolvedEnvironment(), restart: restartPolicy(of: service),
            stopSignal: service.stopSignal, stopGracePeriod: service.stopGracePeriod,
            exitOnFailure: service.exitOnFailure)
        plan.readiness = readiness(of: service, port: port)
        plan.dependencies = service.dependsOn
        plan.oneshot = service.oneshot
        plan.tty = service.tty
        plan.register = service.register ?? (port != nil)
        return plan
    }

    /// The command; a container service without one runs its image's own command (an empty argv).
    private static func command(
        of service: ServiceDefinition, definition: StackDefinition
    ) throws(ConfigError) -> ServiceCommand {
        if let command = service.command { return command }
        if service.container != nil { return .exec([]) }
        throw ConfigError(
            file: service.location?.file ?? definition.file, line: service.location?.line,
            column: service.location?.column,
            message: "the service \"\(service.name)\" has no command; add command: (or image: for a container)")
    }

    /// The policy as written; a oneshot job left at the default is not restarted.
    ///
    /// `ServiceDefinition.restart` cannot tell "not written" from a written `on-failure`, so a
    /// oneshot service with plain `on-failure` counts as not written.
    static func restartPolicy(of service: ServiceDefinition) -> RestartPolicy {
        service.restart ?? (service.oneshot ? .no : .onFailure(maxRestarts: nil))
    }

    /// The definition's own rule (a Procfile's), else a health check when there is one, else the
    /// port accepting connections, else just running.
    static func readiness(of service: ServiceDefinition, port: Int?) -> Readiness {
        if let readiness = service.readiness { return readiness }
        if let healthcheck = service.healthcheck { return .healthcheck(healthcheck) }
        if let port { return .portAccepts(port) }
        return .running
    }
}
