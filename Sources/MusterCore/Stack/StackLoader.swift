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
        /// `--abort-on-exit`: no restarts; the first instance to end stops the stack (`StackPlan.abortOnExit`).
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
        try plan(StackFileLocator.locate(explicit: request.file, environment: request.environment), request)
    }

    /// Reads the file at `location` into a definition, whichever its kind, and resolves it with
    /// the one planner.
    static func plan(_ location: StackFileLocator.Location, _ request: Request) throws(ConfigError) -> StackPlan {
        let project = ProjectLocation(stackFile: location.path)
        let dotEnv = try ProjectDotEnv.load(
            explicit: request.envFiles, project: project, environment: request.environment)
        let definition: StackDefinition
        switch location.kind {
        case .procfile:
            definition = try ProcfileStack.definition(
                path: location.path, project: project, request: request, dotEnv: dotEnv)
        case .stackFile:
            definition = try stackFileDefinition(at: location.path, request, dotEnv: dotEnv)
        }
        var plan = try StackPlanner.plan(
            definition,
            options: StackPlanner.Options(
                selected: request.selected, profiles: request.profiles, dotEnv: dotEnv,
                shellEnvironment: request.environment))
        plan.abortOnExit = request.abortOnExit
        for index in plan.instances.indices {
            if request.abortOnExit { plan.instances[index].restart = .no }
            // `-t` overrides every service's stop_grace_period, whichever kind of file it came from.
            if let grace = request.stopGracePeriod { plan.instances[index].stopGracePeriod = grace }
        }
        if request.noBroker { plan.broker = .disabled }
        if request.noRegistry { plan.registry = .disabled }
        return plan
    }

    /// The `muster.yaml` at `path`, interpolated with `.env` and scaled by `-m`.
    private static func stackFileDefinition(
        at path: String, _ request: Request, dotEnv: [String: DotEnvValue]
    ) throws(ConfigError) -> StackDefinition {
        if let basePort = request.basePort {
            throw ConfigError(
                file: nil, line: nil,
                message:
                    "-p \(basePort) sets the first port of a Procfile's services; in \(path), give each service its own port: instead"
            )
        }
        return try StackFileLoader.load(
            path: path, environment: request.environment, dotEnv: dotEnv.mapValues(\.value)
        ).scaled(by: request.formation)
    }
}
