#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Loads whichever kind of stack file the locator found into a plan.
public enum StackLoader {
    /// Everything the command line says about what to run.
    public struct Request: Sendable {
        /// `-f`.
        public var file: String?
        /// `-e` files; nil for the implicit `.env`.
        public var envFiles: [String]?
        /// `-m`.
        public var formation: Formation = .default
        /// `-p`.
        public var basePort: Int?
        /// Services named on the command line.
        public var selected: [String] = []
        /// `--profile`: profiles whose services start too.
        public var profiles: [String] = []
        /// `--no-broker`.
        public var noBroker = false
        /// `--no-registry`.
        public var noRegistry = false
        /// `--abort-on-exit`.
        public var abortOnExit = false
        /// `-t`: the stop grace period for services that do not set their own.
        public var stopGracePeriod: Duration?
        /// Muster's own environment.
        public var environment: [String: String] = ProcessInfo.processInfo.environment

        /// A request with defaults.
        public init(file: String? = nil, envFiles: [String]? = nil) {
            self.file = file
            self.envFiles = envFiles
        }
    }

    /// Locates, reads, validates and resolves the stack.
    public static func plan(_ request: Request) throws(ConfigError) -> StackPlan {
        let location = try StackFileLocator.locate(explicit: request.file, environment: request.environment)
        switch location.kind {
        case .procfile:
            var options = ProcfileStack.Options(
                procfilePath: location.path, envFiles: request.envFiles, formation: request.formation,
                basePort: request.basePort, selected: request.selected, abortOnExit: request.abortOnExit,
                shellEnvironment: request.environment)
            options.stopGracePeriod = request.stopGracePeriod ?? options.stopGracePeriod
            var plan = try ProcfileStack.plan(options)
            if request.noBroker { plan.broker = .disabled }
            if request.noRegistry { plan.registry = .disabled }
            return plan
        case .stackFile:
            return try planStackFile(at: location.path, request)
        }
    }

    private static func planStackFile(at path: String, _ request: Request) throws(ConfigError) -> StackPlan {
        let dotEnv = try ProjectDotEnv.load(
            explicit: request.envFiles, project: ProjectLocation(stackFile: path), environment: request.environment)
        if let basePort = request.basePort {
            throw ConfigError(
                file: nil, line: nil,
                message:
                    "-p \(basePort) sets the first port of a Procfile's services; in \(path), give each service its own port: instead"
            )
        }
        let definition = try StackFileLoader.load(
            path: path, environment: request.environment, dotEnv: dotEnv.mapValues(\.value)
        ).scaled(by: request.formation)
        var plan = try StackPlanner.plan(
            definition,
            options: StackPlanner.Options(
                selected: request.selected, profiles: request.profiles, dotEnv: dotEnv,
                shellEnvironment: request.environment))
        if request.abortOnExit {
            for index in plan.instances.indices { plan.instances[index].restart = .no }
        }
        if request.noBroker { plan.broker = .disabled }
        if request.noRegistry { plan.registry = .disabled }
        return plan
    }
}
