#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a project lives: the absolute directory of its stack file or Procfile, which holds its
/// implicit `.env` and keys the control socket of the Muster running for it (design §2.2, §6).
public struct ProjectLocation: Sendable, Hashable {
    /// The project's absolute, standardised directory.
    public let directory: String

    /// The project whose stack file is at `path` (a relative path is taken from the current directory).
    public init(stackFile path: String) {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let url = URL(fileURLWithPath: path, relativeTo: current)
        self.init(directory: url.standardizedFileURL.deletingLastPathComponent().path)
    }

    private init(directory: String) {
        self.directory = directory
    }

    /// The project of the stack file that `StackFileLocator` finds (`-f`, `MUSTER_FILE`, then
    /// `muster.yaml`/`muster.yml`/`Procfile` here), or the current directory when no file is named
    /// and none is found; throws when the named file does not exist.
    public static func find(file: String?, environment: [String: String]) throws(ConfigError) -> ProjectLocation {
        let named = file ?? environment["MUSTER_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            return ProjectLocation(
                stackFile: try StackFileLocator.locate(explicit: file, environment: environment).path)
        } catch {
            guard named == nil else { throw error }
            return ProjectLocation(directory: FileManager.default.currentDirectoryPath)
        }
    }

    /// The implicit `.env` of the project, relative when the project is the current directory (as
    /// error messages then name it).
    var dotEnvPath: String {
        directory == FileManager.default.currentDirectoryPath ? ".env" : "\(directory)/.env"
    }
}
