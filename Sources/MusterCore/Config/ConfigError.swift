/// An error in a configuration file or flag; `description` is one full sentence naming the file, line and what to do.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path as the user named it, or nil when the error is in a command-line flag.
    public var file: String?
    /// The 1-based line the error is on, if it is on one.
    public var line: Int?
    /// The 1-based column the error is at, if known.
    public var column: Int?
    /// The sentence without location, such as `the service "web" has no command; add one after the colon`.
    public var message: String

    /// Creates an error at an optional location.
    public init(file: String?, line: Int?, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// The error as one sentence: `<file>:<line>[:<column>]: <message>.`, or just the message when there is no file.
    public var description: String {
        let sentence = message.hasSuffix(".") ? message : message + "."
        return locationPrefix + sentence
    }

    private var locationPrefix: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let line { parts.append(file == nil ? "line \(line)" : String(line)) }
        if let column, line != nil { parts.append(String(column)) }
        return parts.isEmpty ? "" : parts.joined(separator: ":") + ": "
    }
}
