#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Finds the file that describes the stack (design §1): `-f`, else `MUSTER_FILE`, else
/// `muster.yaml`/`muster.yml` in the directory, else `Procfile`.
public enum StackFileLocator {
    /// The kind of file found.
    public enum Kind: Sendable, Hashable {
        /// A Procfile.
        case procfile
        /// A `muster.yaml` stack file.
        case stackFile
    }

    /// The file to use and its kind.
    public struct Location: Sendable, Hashable {
        /// The path, as the user named it or as found.
        public var path: String
        /// Its kind, from its name or content.
        public var kind: Kind
    }

    /// Locates the stack file; throws a ConfigError saying what to create when there is none.
    public static func locate(
        explicit: String?, environment: [String: String], directory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigError) -> Location {
        if let named = explicit ?? environment["MUSTER_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard FileManager.default.fileExists(atPath: named) else {
                throw ConfigError(
                    file: named, line: nil,
                    message: "the file does not exist; check the path given with -f or MUSTER_FILE")
            }
            return Location(path: named, kind: kind(of: named))
        }
        for name in ["muster.yaml", "muster.yml", "Procfile"] {
            let path = directory == FileManager.default.currentDirectoryPath ? name : "\(directory)/\(name)"
            if FileManager.default.fileExists(atPath: path) {
                return Location(path: path, kind: name == "Procfile" ? .procfile : .stackFile)
            }
        }
        throw ConfigError(
            file: nil, line: nil,
            message: "there is no muster.yaml or Procfile in \(directory); create one or name it with -f FILE")
    }

    /// Decides by extension, then by content: YAML stack files have a top-level `services:` key.
    static func kind(of path: String) -> Kind {
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { return .stackFile }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .procfile }
        // A Procfile line `services: ./run` has a command after the colon; YAML's key has none.
        let isYAML = text.split(separator: "\n").contains { (line: Substring) -> Bool in
            guard line.hasPrefix("services:") else { return false }
            let rest = line.dropFirst("services:".count).drop(while: { $0 == " " || $0 == "\t" })
            return rest.isEmpty || rest.hasPrefix("#")
        }
        return isYAML ? .stackFile : .procfile
    }
}
