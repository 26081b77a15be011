#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension StackPlanner {
    /// One service's own variables: its `env_file` values (each with its file) and its `environment`.
    struct ServiceLayer {
        var envFiles: [String: DotEnvValue] = [:]
        var environment: [String: String] = [:]
    }

    /// What every instance shares: Muster's defaults < `.env` < the shell.
    static func sharedEnvironment(_ options: Options) -> ResolvedEnvironment {
        var shared = ResolvedEnvironment()
        shared.apply(InjectedEnvironment.defaults, origin: .muster)
        for (key, entry) in options.dotEnv {
            shared.apply([key: entry.value], origin: .dotEnv(file: entry.file))
        }
        shared.apply(options.shellEnvironment, origin: .shell)
        return shared
    }

    /// The stack-wide layer: top-level `env_file` files in order, then top-level `environment`.
    static func stackEnvironment(
        _ definition: StackDefinition, options: Options
    ) throws(ConfigError) -> [String: String] {
        try requireFiles(definition.envFiles, owner: "the stack", location: nil, definition: definition)
        var layer = try DotEnv.loadAll(paths: definition.envFiles, environment: options.shellEnvironment)
            .mapValues(\.value)
        layer.merge(definition.environment) { _, written in written }
        return layer
    }

    /// A service's own layer: its `env_file` files in order (later ones win), and its `environment`.
    static func serviceEnvironment(
        _ service: ServiceDefinition, definition: StackDefinition, options: Options
    ) throws(ConfigError) -> ServiceLayer {
        try requireFiles(
            service.envFiles, owner: "the service \"\(service.name)\"", location: service.location,
            definition: definition)
        let files = try DotEnv.loadAll(paths: service.envFiles, environment: options.shellEnvironment)
        return ServiceLayer(envFiles: files, environment: service.environment)
    }

    /// Every layer of one instance, lowest precedence first (design §2.2).
    static func environment(
        for instance: InstancePlan, shared: ResolvedEnvironment, stack: [String: String], service: ServiceLayer,
        injected: InjectedEnvironment
    ) -> ResolvedEnvironment {
        var environment = shared
        if instance.tty {
            // Programs that colour only on a terminal may colour here too (design §3).
            environment.apply(["FORCE_COLOR": "1", "CLICOLOR_FORCE": "1"], origin: .muster)
        }
        environment.apply(injected.variables(for: instance), origin: .injected)
        environment.apply(stack, origin: .stack)
        for (key, entry) in service.envFiles {
            environment.apply([key: entry.value], origin: .serviceEnvFile(file: entry.file))
        }
        environment.apply(service.environment, origin: .service)
        return environment
    }

    /// Fails for the first `env_file` that does not exist, saying which service names it.
    private static func requireFiles(
        _ paths: [String], owner: String, location: SourceLocation?, definition: StackDefinition
    ) throws(ConfigError) {
        guard let missing = paths.first(where: { !FileManager.default.fileExists(atPath: $0) }) else { return }
        throw ConfigError(
            file: location?.file ?? definition.file, line: location?.line, column: location?.column,
            message:
                "the env_file \(missing) of \(owner) does not exist; create it or remove it from env_file")
    }
}
