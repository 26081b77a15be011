/// One KEY=value assignment read from a .env file, with where it came from.
package struct DotEnvEntry: Sendable, Equatable {
    /// The variable name, matching `[A-Za-z_][A-Za-z0-9_.]*`.
    package var key: String
    /// The value after unquoting, unescaping and expansion.
    package var value: String
    /// The 1-based line the key is on.
    package var line: Int

    /// Creates an entry.
    package init(key: String, value: String, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}

/// A merged .env value with the file and line that set it last.
package struct DotEnvValue: Sendable, Equatable {
    /// The value after unquoting, unescaping and expansion.
    package var value: String
    /// The path of the file that set it, as the user named it.
    package var file: String
    /// The 1-based line of that file the key is on.
    package var line: Int

    /// Creates a value.
    package init(value: String, file: String, line: Int) {
        self.value = value
        self.file = file
        self.line = line
    }
}

/// Parser for .env files with godotenv's grammar.
package enum DotEnv {
    /// Parses `.env` text.
    ///
    /// `environment` is the process environment, used for `$VAR` expansion after the earlier keys of the file.
    package static func parse(_ text: String, path: String, environment: [String: String]) throws(ConfigError)
        -> [DotEnvEntry]
    {
        var parser = Parser(text: text, path: path, environment: environment, earlier: [:])
        return try parser.parse()
    }

    /// Reads and parses the file at `path`.
    package static func load(path: String, environment: [String: String]) throws(ConfigError) -> [DotEnvEntry] {
        try parse(read(path), path: path, environment: environment)
    }

    /// Loads several files in order (later files win on duplicate keys and can expand keys of earlier ones).
    package static func loadAll(paths: [String], environment: [String: String]) throws(ConfigError)
        -> [String: DotEnvValue]
    {
        var merged: [String: DotEnvValue] = [:]
        for path in paths {
            let earlier = merged.mapValues(\.value)
            var parser = Parser(text: try read(path), path: path, environment: environment, earlier: earlier)
            for entry in try parser.parse() {
                merged[entry.key] = DotEnvValue(value: entry.value, file: path, line: entry.line)
            }
        }
        return merged
    }

    private static func read(_ path: String) throws(ConfigError) -> String {
        try ConfigText.read(
            path: path, missingAdvice: "create it or drop the -e flag that names it", acceptsDevices: true)
    }
}
