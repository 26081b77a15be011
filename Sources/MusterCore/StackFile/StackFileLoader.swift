import Yams

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Loads muster.yaml files.
package enum StackFileLoader {
    /// Reads, interpolates and validates the stack file at `path` (as the user named it). `environment` is the shell
    /// environment; `dotEnv` the values of the `.env` beside the file (interpolation sources: shell first, then .env).
    /// Throws the first error.
    package static func load(
        path: String, environment: [String: String], dotEnv: [String: String]
    ) throws(ConfigError) -> StackDefinition {
        let text = try ConfigText.read(path: path, missingAdvice: "check the path given with -f or MUSTER_FILE")
        return try parse(
            text, path: path, directory: ProjectLocation(stackFile: path).directory, environment: environment,
            dotEnv: dotEnv)
    }

    /// Same, from text (for tests); `directory` is what relative paths resolve against.
    package static func parse(
        _ text: String, path: String, directory: String, environment: [String: String], dotEnv: [String: String]
    ) throws(ConfigError) -> StackDefinition {
        let absolute = StackFilePath.resolve(directory, against: FileManager.default.currentDirectoryPath)
        let reader = StackFileReader(file: path, directory: absolute, environment: environment, dotEnv: dotEnv)
        let root = try compose(text, file: path)
        let (stack, services) = try reader.stack(root)
        try StackFileValidator.validate(services)
        return stack
    }

    /// The YAML tree of `text`; syntax errors become one-sentence `ConfigError`s with line and column.
    static func compose(_ text: String, file: String) throws(ConfigError) -> Node {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, text: text, file: file)
        } catch {
            throw ConfigError(file: file, line: nil, message: "the YAML cannot be read (\(error)); fix the file")
        }
        guard let root else {
            throw ConfigError(
                file: file, line: nil, message: "the file is empty; add a `services:` mapping with at least one service"
            )
        }
        return root
    }

    private static func syntaxError(_ error: YamlError, text: String, file: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " \($0.text) that starts at line \($0.mark.line)" } ?? ""
            return ConfigError(
                file: file, line: mark.line, column: mark.column,
                message: "invalid YAML: \(problem)\(during); check the indentation, colons and quotes here")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return ConfigError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "the key \(keys) appears more than once in the same mapping; remove or rename one of them")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { text.prefix($0).filter { $0 == "\n" }.count + 1 }
            return ConfigError(
                file: file, line: line, message: "the file cannot be read as YAML: \(problem); save it as UTF-8 text")
        default:
            return ConfigError(file: file, line: nil, message: "invalid YAML: \(error); fix the file")
        }
    }
}
