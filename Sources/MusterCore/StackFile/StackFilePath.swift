#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Paths written in a stack file, resolved against its directory.
enum StackFilePath {
    /// `path` made absolute against `directory` and cleaned of `.`, `..` and repeated slashes.
    static func resolve(_ path: String, against directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var components: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// The absolute directory containing `file`, as named by the user (relative to the current directory).
    static func directory(of file: String) -> String {
        let absolute = resolve(file, against: FileManager.default.currentDirectoryPath)
        guard let slash = absolute.lastIndex(of: "/"), slash != absolute.startIndex else { return "/" }
        return String(absolute[..<slash])
    }
}
