/// Reads a Procfile into the stack definition a `muster.yaml` becomes, by foreman's rules (design
/// §2.1): every line a service run with `/bin/sh -c`, restarted on failure, ready once running, on
/// port base + 100 × its index + (instance − 1), where the base is `-p`, else `PORT` from `.env`,
/// else 5000. `StackPlanner` turns it into instances like any other definition.
enum ProcfileStack {
    /// The default first port, as foreman.
    static let defaultBasePort = 5000

    /// The definition of the Procfile at `path`, the file of `project`, with `-m` applied; throws
    /// the first configuration error.
    static func definition(
        path: String, project: ProjectLocation, request: StackLoader.Request, dotEnv: [String: DotEnvValue]
    ) throws(ConfigError) -> StackDefinition {
        let procfile = try Procfile.load(path: path)
        let basePort = try resolveBasePort(request.basePort, dotEnv: dotEnv)
        try validatePeerNames(procfile)
        let services = procfile.entries.enumerated().map { index, entry in
            var service = ServiceDefinition(name: entry.name, command: .shell(entry.command))
            service.port = .fixed(basePort + 100 * index)
            service.restart = .onFailure(maxRestarts: nil)
            service.readiness = .running
            return service
        }
        let definition = try StackDefinition(file: path, directory: project.directory, services: services)
            .scaled(by: request.formation)
        try validatePorts(
            definition, selected: request.selected, fromDotEnv: request.basePort == nil ? dotEnv["PORT"] : nil)
        return definition
    }

    /// `-p`, else `PORT` from `.env`, else 5000.
    private static func resolveBasePort(_ flag: Int?, dotEnv: [String: DotEnvValue]) throws(ConfigError) -> Int {
        if let flag { return flag }
        guard let entry = dotEnv["PORT"] else { return defaultBasePort }
        guard let port = Int(entry.value), (1...65535).contains(port) else {
            throw ConfigError(
                file: entry.file, line: entry.line,
                message: "PORT is \"\(entry.value)\", which is not a port number; set it to a number such as 5000")
        }
        return port
    }

    /// Fails for the last instance to run whose port would be above 65535, saying how to lower the base.
    private static func validatePorts(
        _ definition: StackDefinition, selected: [String], fromDotEnv: DotEnvValue?
    ) throws(ConfigError) {
        let running = definition.services.filter {
            $0.replicas > 0 && (selected.isEmpty || selected.contains($0.name))
        }
        for service in running.reversed() {
            guard case .fixed(let first) = service.port, first + service.replicas - 1 > 65535 else { continue }
            throw ConfigError(
                file: fromDotEnv?.file, line: fromDotEnv?.line,
                message:
                    "\(service.name).\(service.replicas) would get port \(first + service.replicas - 1), above 65535; choose a lower first port with -p or PORT in .env"
            )
        }
    }

    /// Fails when two services would be announced to the others under the same variable names.
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
