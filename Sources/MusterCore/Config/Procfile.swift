/// One `name: command` line of a Procfile.
public struct ProcfileEntry: Sendable, Equatable {
    /// The service name, matching `[A-Za-z0-9_-]+`.
    public var name: String
    /// The command, byte for byte as written after the colon, to run with `/bin/sh -c`.
    public var command: String
    /// The 1-based line the entry is on.
    public var line: Int

    /// Creates an entry.
    public init(name: String, command: String, line: Int) {
        self.name = name
        self.command = command
        self.line = line
    }
}

/// A parsed Procfile.
public struct Procfile: Sendable, Equatable {
    /// The path as the user named it, used in error messages.
    public var path: String
    /// The services, in file order.
    public var entries: [ProcfileEntry]

    /// Creates a Procfile from already parsed entries.
    public init(path: String, entries: [ProcfileEntry]) {
        self.path = path
        self.entries = entries
    }

    /// Parses Procfile text; `path` is used in error messages.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> Procfile {
        var entries: [ProcfileEntry] = []
        var lineOfName: [String: Int] = [:]
        for (offset, raw) in ConfigText.lines(ConfigText.bytes(of: text)).enumerated() {
            let line = offset + 1
            guard let entry = try parseLine(raw, line: line, path: path) else { continue }
            if let first = lineOfName[entry.name] {
                throw ConfigError(
                    file: path, line: line,
                    message: "the service \"\(entry.name)\" is defined twice, on lines \(first) and \(line); "
                        + "rename or remove one")
            }
            lineOfName[entry.name] = line
            entries.append(entry)
        }
        guard !entries.isEmpty else {
            throw ConfigError(
                file: path, line: nil, message: "the file defines no services; add a line such as `web: ./server`")
        }
        return Procfile(path: path, entries: entries)
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(ConfigError) -> Procfile {
        let text = try ConfigText.read(path: path, missingAdvice: "create it or name another file with -f")
        return try parse(text, path: path)
    }

    /// The entry on one line, or nil for a blank or comment line.
    private static func parseLine(_ raw: ArraySlice<UInt8>, line: Int, path: String) throws(ConfigError)
        -> ProcfileEntry?
    {
        let text = ConfigText.trimmed(raw)
        guard let first = text.first, first != ConfigText.hash else { return nil }
        func failure(_ message: String) -> ConfigError {
            ConfigError(file: path, line: line, message: message)
        }
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else {
            throw failure(
                "expected a line of the form `name: command`, such as `web: ./server`; "
                    + "fix it or comment it out with #")
        }
        let name = ConfigText.string(text[..<colon])
        guard !name.isEmpty else {
            throw failure("the line has no service name before the colon; write it as `name: command`")
        }
        guard name.utf8.allSatisfy(isNameByte) else {
            throw failure("the service name \"\(name)\" may only contain letters, digits, '_' and '-'; rename it")
        }
        let command = ConfigText.trimmed(text[(colon + 1)...])
        guard !command.isEmpty else {
            throw failure(
                "the service \"\(name)\" has no command; add one after the colon, such as `\(name): ./server`")
        }
        return ProcfileEntry(name: name, command: ConfigText.string(command), line: line)
    }

    /// Whether `byte` may appear in a service name: `[A-Za-z0-9_-]`.
    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
