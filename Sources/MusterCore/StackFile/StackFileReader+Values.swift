import Yams

extension StackFileReader {
    /// A string (numbers and booleans are taken as written).
    func string(_ entry: Entry) throws(ConfigError) -> String {
        guard let text = try text(entry.value) else {
            throw error("`\(entry.key)` must be a string, not \(describe(entry.value))", at: entry.value)
        }
        return text
    }

    /// A string that is not empty.
    func nonEmptyString(_ entry: Entry) throws(ConfigError) -> String {
        let value = try string(entry)
        guard !value.isEmpty else {
            throw error("`\(entry.key)` is empty; write a value after the colon or remove the key", at: entry.value)
        }
        return value
    }

    /// A whole number within `range` (a quoted number counts, so `"${REPLICAS}"` works).
    func integer(_ entry: Entry, in range: ClosedRange<Int>, rangeText: String) throws(ConfigError) -> Int {
        guard let text = try text(entry.value), let value = Int(text) else {
            throw error("`\(entry.key)` must be a whole number, not \(describe(entry.value))", at: entry.value)
        }
        guard range.contains(value) else {
            throw error("`\(entry.key)` must be \(rangeText), not \(value)", at: entry.value)
        }
        return value
    }

    /// A port number, 1 to 65535.
    func portNumber(_ entry: Entry) throws(ConfigError) -> Int {
        try integer(entry, in: 1...65535, rangeText: "a port number from 1 to 65535")
    }

    /// `true` or `false`.
    func bool(_ entry: Entry) throws(ConfigError) -> Bool {
        switch try text(entry.value)?.lowercased() {
        case "true": return true
        case "false": return false
        default: throw error("`\(entry.key)` must be true or false, not \(describe(entry.value))", at: entry.value)
        }
    }

    /// A list of strings.
    func stringList(_ entry: Entry, mode: ComposeInterpolation.Mode = .compose) throws(ConfigError) -> [String] {
        guard case .sequence(let items) = entry.value else {
            throw error("`\(entry.key)` must be a list of strings, not \(describe(entry.value))", at: entry.value)
        }
        var result: [String] = []
        for item in items {
            guard let text = try text(item, mode: mode) else {
                throw error("each item of `\(entry.key)` must be a string, not \(describe(item))", at: item)
            }
            result.append(text)
        }
        return result
    }

    /// One string or a list of them.
    func stringOrList(_ entry: Entry) throws(ConfigError) -> [String] {
        if case .sequence = entry.value { return try stringList(entry) }
        guard let text = try text(entry.value) else {
            throw error(
                "`\(entry.key)` must be a string or a list of strings, not \(describe(entry.value))", at: entry.value)
        }
        return [text]
    }

    /// A duration: `1s`, `500ms`, `2m`, `1m30s`, `1h`, `1.5s` or a number of seconds.
    func duration(_ entry: Entry) throws(ConfigError) -> Duration {
        guard let text = try text(entry.value), let value = DurationText.parse(text) else {
            throw error(
                "`\(entry.key)` must be \(DurationText.acceptedForms), not \(describe(entry.value))",
                at: entry.value)
        }
        return value
    }

    /// A path resolved against the stack file's directory.
    func path(_ text: String) -> String {
        StackFilePath.resolve(text, against: directory)
    }

    /// `environment:`: a mapping, or a list of `KEY=VALUE`; a key without a value takes it from the shell or .env.
    func environmentValues(_ entry: Entry) throws(ConfigError) -> [String: String] {
        var result: [String: String] = [:]
        switch entry.value {
        case .mapping(let mapping):
            for (keyNode, value) in mapping {
                guard let name = keyNode.scalar?.string, !name.isEmpty, !name.contains("=") else {
                    throw error("\(describe(keyNode)) is not a variable name; write NAME: value", at: keyNode)
                }
                if isNull(value) {
                    result[name] = environment[name] ?? dotEnv[name]
                } else if let text = try text(value) {
                    result[name] = text
                } else {
                    throw error("the value of `\(name)` must be a string, not \(describe(value))", at: value)
                }
            }
        case .sequence(let items):
            for item in items {
                guard let text = try text(item), !text.isEmpty, !text.hasPrefix("=") else {
                    throw error(
                        "each item of `environment` must be KEY=VALUE, not \(describe(item))", at: item)
                }
                let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                result[name] = parts.count > 1 ? String(parts[1]) : environment[name] ?? dotEnv[name]
            }
        default:
            throw error(
                "`environment` must be a mapping or a list of KEY=VALUE, not \(describe(entry.value))",
                at: entry.value)
        }
        return result
    }
}
