#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `.env` files of a project: the `-e` files when given, else `.env` beside the stack file
/// when it exists (design §2.2).
enum ProjectDotEnv {
    static func load(
        explicit: [String]?, directory: String, environment: [String: String]
    ) throws(ConfigError) -> [String: DotEnvValue] {
        if let explicit {
            return try DotEnv.loadAll(paths: explicit, environment: environment)
        }
        let implicit = directory == FileManager.default.currentDirectoryPath ? ".env" : "\(directory)/.env"
        guard FileManager.default.fileExists(atPath: implicit) else { return [:] }
        return try DotEnv.loadAll(paths: [implicit], environment: environment)
    }

    /// The absolute directory of the file at `path`.
    static func directory(of path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.deletingLastPathComponent().path
    }
}
