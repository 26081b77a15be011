#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The environment of `muster run`, and the exec that replaces Muster with the command.
public enum OneOffEnvironment {
    /// `.env` < shell for the whole stack; with a service, also its injected variables.
    public static func resolve(request: StackLoader.Request, service: String?) throws(ConfigError) -> [String: String] {
        let plan = try StackLoader.plan(request)
        guard let service else { return plan.environment.values }
        guard let instance = plan.instances.first(where: { $0.service == service }) else {
            throw ConfigError(
                file: plan.file, line: nil,
                message:
                    "the service \"\(service)\" has 0 instances, so there is no environment to take; drop it or raise its count with -m"
            )
        }
        return instance.environment.values
    }

    /// Replaces Muster with `command`; returns only when exec failed.
    public static func exec(_ command: [String], environment: [String: String]) -> SpawnError {
        let path: String
        do {
            path = try ServiceCommand.exec(command).executablePath(environment: environment)
        } catch {
            return error
        }
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(path, argv, envp)
        return SpawnError(program: command[0], workingDirectory: nil, errorNumber: errno)
    }
}
