#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `.env` files of a project: the `-e` files when given, else `.env` in the project's
/// directory when it exists (design §2.2).
enum ProjectDotEnv {
    /// Loads the `-e` files in order (later ones win), or the project's implicit `.env`.
    static func load(
        explicit: [String]?, project: ProjectLocation, environment: [String: String]
    ) throws(ConfigError) -> [String: DotEnvValue] {
        if let explicit {
            return try DotEnv.loadAll(paths: explicit, environment: environment)
        }
        guard FileManager.default.fileExists(atPath: project.dotEnvPath) else { return [:] }
        return try DotEnv.loadAll(paths: [project.dotEnvPath], environment: environment)
    }
}
