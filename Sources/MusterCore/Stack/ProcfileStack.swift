#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns a Procfile, its `.env` files and the command-line flags into a runnable plan (design §2.1).
public enum ProcfileStack {
    /// What the user asked for on the command line.
    public struct Options: Sendable {
        /// The Procfile, as the user named it.
        public var procfilePath: String
        /// `-e` files in order; nil loads `.env` beside the Procfile when it exists.
        public var envFiles: [String]?
        /// `-m`.
        public var formation: Formation
        /// `-p`; nil uses PORT from `.env`, else 5000.
        public var basePort: Int?
        /// Services named on the command line; empty runs them all.
        public var selected: [String]
        /// `--abort-on-exit`: no restarts; the first exit ends the run.
        public var abortOnExit: Bool
        /// `-t`: how long services get to stop before SIGKILL.
        public var stopGracePeriod: Duration = .seconds(10)
        /// The environment Muster was started with.
        public var shellEnvironment: [String: String]

        /// Creates options with the defaults of `muster start`.
        public init(
            procfilePath: String, envFiles: [String]? = nil, formation: Formation = .default,
            basePort: Int? = nil, selected: [String] = [], abortOnExit: Bool = false,
            shellEnvironment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.procfilePath = procfilePath
            self.envFiles = envFiles
            self.formation = formation
            self.basePort = basePort
            self.selected = selected
            self.abortOnExit = abortOnExit
            self.shellEnvironment = shellEnvironment
        }
    }

    /// The default first port, as foreman.
    public static let defaultBasePort = 5000

    /// Reads every file and resolves every instance; throws the first configuration error.
    public static func plan(_ options: Options) throws(ConfigError) -> StackPlan {
        let procfile = try Procfile.load(path: options.procfilePath)
        let location = ProjectLocation(stackFile: options.procfilePath)
        let directory = location.directory
        let dotEnv = try ProjectDotEnv.load(
            explicit: options.envFiles, project: location, environment: options.shellEnvironment)
        try validateSelection(options, procfile: procfile)
        let basePort = try resolveBasePort(options, dotEnv: dotEnv)
        let project = URL(fileURLWithPath: directory).lastPathComponent

        var instances: [InstancePlan] = []
        for (index, entry) in procfile.entries.enumerated() {
            let count = options.formation.count(for: entry.name)
            guard options.selected.isEmpty || options.selected.contains(entry.name), count > 0 else { continue }
            for number in 1...count {
                instances.append(
                    InstancePlan(
                        service: entry.name, number: number, replicas: count, command: .shell(entry.command),
                        workingDirectory: directory, port: basePort + 100 * index + (number - 1),
                        environment: ResolvedEnvironment(),
                        restart: options.abortOnExit ? .no : .onFailure(maxRestarts: nil),
                        stopSignal: .terminate, stopGracePeriod: options.stopGracePeriod, exitOnFailure: false))
            }
        }
        // Every Procfile service has a port, so every one is registered (design §2.3).
        for index in instances.indices { instances[index].register = true }
        try validatePorts(instances, options: options, dotEnv: dotEnv)
        try validatePeerNames(procfile)
        var shared = ResolvedEnvironment()
        shared.apply(InjectedEnvironment.defaults, origin: .muster)
        for (key, entry) in dotEnv {
            shared.apply([key: entry.value], origin: .dotEnv(file: entry.file))
        }
        shared.apply(options.shellEnvironment, origin: .shell)
        let injected = InjectedEnvironment(project: project, instances: instances)
        for index in instances.indices {
            var environment = shared
            environment.apply(
                injected.variables(for: instances[index]),
                origin: .injected)
            instances[index].environment = environment
        }
        return StackPlan(
            project: project, file: options.procfilePath, directory: directory, environment: shared,
            instances: instances)
    }

    private static func validateSelection(_ options: Options, procfile: Procfile) throws(ConfigError) {
        let names = procfile.entries.map(\.name)
        let list = names.joined(separator: ", ")
        if let unknown = options.selected.first(where: { !names.contains($0) }) {
            throw ConfigError(
                file: options.procfilePath, line: nil,
                message: "there is no service named \"\(unknown)\"; the services are \(list)")
        }
        try options.formation.validate(services: names, file: options.procfilePath)
    }

    private static func resolveBasePort(_ options: Options, dotEnv: [String: DotEnvValue]) throws(ConfigError) -> Int {
        if let port = options.basePort { return port }
        guard let entry = dotEnv["PORT"] else { return defaultBasePort }
        guard let port = Int(entry.value), (1...65535).contains(port) else {
            throw ConfigError(
                file: entry.file, line: entry.line,
                message: "PORT is \"\(entry.value)\", which is not a port number; set it to a number such as 5000")
        }
        return port
    }

    private static func validatePorts(
        _ instances: [InstancePlan], options: Options, dotEnv: [String: DotEnvValue]
    ) throws(ConfigError) {
        guard let last = instances.last(where: { ($0.port ?? 0) > 65535 }), let port = last.port else { return }
        let fromDotEnv = options.basePort == nil ? dotEnv["PORT"] : nil
        throw ConfigError(
            file: fromDotEnv?.file, line: fromDotEnv?.line,
            message:
                "\(last.name) would get port \(port), above 65535; choose a lower first port with -p or PORT in .env")
    }

    private static func validatePeerNames(_ procfile: Procfile) throws(ConfigError) {
        var seen: [String: ProcfileEntry] = [:]
        for entry in procfile.entries {
            let key = InjectedEnvironment.environmentName(entry.name)
            if let earlier = seen[key] {
                throw ConfigError(
                    file: procfile.path, line: entry.line,
                    message:
                        "the services \"\(earlier.name)\" and \"\(entry.name)\" would both be announced to the others as \(key)_URL; rename one"
                )
            }
            seen[key] = entry
        }
    }
}
