import ArgumentParser
import MusterCore

/// `muster config`: the resolved configuration, and where each environment value came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the resolved stack: commands, ports, dependencies, readiness, restarts.",
        discussion: """
            Resolves the stack exactly as muster start would (profiles, replicas, ports, .env files) \
            without starting anything. With --explain SERVICE, prints one instance (SERVICE means \
            its first instance; name web.2 for another) with its argv and every environment \
            variable, sorted, with its value and where it came from: muster default, a .env file, \
            shell, injected, stack environment, an env_file, or service environment. Values are \
            printed unmasked. Ports chosen with port: auto differ from run to run.

            Examples:
              muster config
              muster config --json
              muster config --explain api
              muster config --explain worker.2 --json
              muster config -f muster.yaml --profile debug
              muster config -f Procfile.dev -e .env.test --explain web
            """)

    @OptionGroup var files: FileOptions

    @Option(help: "Show one service (or instance, web.2) with every environment variable and its origin.")
    var explain: String?

    @Flag(help: "Print JSON (sorted keys) instead of text.")
    var json = false

    @Option(name: .customLong("profile"), help: "Activate a profile of muster.yaml (repeatable).")
    var profiles: [String] = []

    func run() throws {
        do {
            let plan = try resolvePlan()
            let output: String
            if json {
                output = try ConfigExplanation.json(plan, explaining: explain)
            } else if let explain {
                output = try ConfigExplanation.explain(explain, in: plan)
            } else {
                output = ConfigExplanation.summary(plan)
            }
            print(output, terminator: "")
        } catch {
            throw failWithConfigError(error)
        }
    }

    /// The plan `muster start` would run; a service named by `--explain` is planned even when its
    /// profile is off.
    private func resolvePlan() throws(ConfigError) -> StackPlan {
        var request = files.request
        request.profiles = profiles
        if !profiles.isEmpty {
            let location = try StackFileLocator.locate(explicit: request.file, environment: request.environment)
            guard location.kind == .stackFile else {
                throw ConfigError(
                    file: location.path, line: nil,
                    message: "this is a Procfile, which has no profiles; drop --profile or use a muster.yaml")
            }
        }
        let plan = try StackLoader.plan(request)
        guard let explain, !plan.hasServiceOrInstance(named: explain) else {
            return plan
        }
        request.selected = plan.serviceNames + [serviceName(explain)]
        return try StackLoader.plan(request)
    }

    /// `web` for `web.2`; the name itself when it has no instance number.
    private func serviceName(_ target: String) -> String {
        guard let dot = target.lastIndex(of: "."), Int(target[target.index(after: dot)...]) != nil else {
            return target
        }
        return String(target[..<dot])
    }
}
