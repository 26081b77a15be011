import Yams

/// Reads typed values out of a composed `muster.yaml` tree: every scalar is interpolated, every error
/// carries the file, line and column of the node it is about.
struct StackFileReader {
    /// One key of a mapping, with the node it was written at.
    struct Entry {
        /// The key.
        var key: String
        /// The key's node (for its location).
        var keyNode: Node
        /// The value.
        var value: Node
    }

    /// The file as the user named it.
    let file: String
    /// The absolute directory that relative paths resolve against.
    let directory: String
    /// The shell environment (interpolation, first).
    let environment: [String: String]
    /// The `.env` values (interpolation, second).
    let dotEnv: [String: String]

    /// The location of `node`, 1-based.
    func location(of node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// An error about `node`.
    func error(_ message: String, at node: Node) -> ConfigError {
        let location = location(of: node)
        return ConfigError(file: file, line: location.line, column: location.column, message: message)
    }

    /// The keys of the mapping `node` (`what` names it in messages, such as "service `web`"), in order, with
    /// `x-` keys left out and `<<` merge keys applied; an unknown key is an error with a suggestion.
    func entries(of node: Node, key: String, in context: String, allowed: [String]) throws(ConfigError) -> [Entry] {
        guard case .mapping(let mapping) = node else {
            throw error("`\(key)` must be a mapping of keys to values, not \(describe(node))", at: node)
        }
        var result: [Entry] = []
        var merged: [Node] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw error("a key \(context) must be a plain name, not \(describe(keyNode))", at: keyNode)
            }
            if scalar.string == "<<", scalar.style == .plain {
                merged.append(value)
                continue
            }
            if scalar.string.hasPrefix("x-") { continue }
            guard allowed.contains(scalar.string) else {
                throw unknownKey(scalar.string, at: keyNode, in: context, allowed: allowed)
            }
            result.append(Entry(key: scalar.string, keyNode: keyNode, value: value))
        }
        for source in merged {
            for entry in try mergeSources(source) {
                let inner = try entries(of: entry, key: "<<", in: context, allowed: allowed)
                for item in inner where !result.contains(where: { $0.key == item.key }) { result.append(item) }
            }
        }
        return result
    }

    /// The mappings a `<<` merge key names: one mapping or a list of them.
    private func mergeSources(_ value: Node) throws(ConfigError) -> [Node] {
        switch value {
        case .mapping: return [value]
        case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }): return Array(items)
        default: throw error("`<<` must merge a mapping or a list of mappings, not \(describe(value))", at: value)
        }
    }

    private func unknownKey(_ key: String, at node: Node, in context: String, allowed: [String]) -> ConfigError {
        if let suggestion = KeySuggestion.suggest(key, from: allowed) {
            return error(
                "unknown key `\(key)` \(context) (did you mean `\(suggestion)`?); rename or remove it", at: node)
        }
        return error(
            "unknown key `\(key)` \(context); remove it, or rename it to `x-\(key)` to keep it as an extension",
            at: node)
    }

    /// Whether `node` is YAML's null (`~`, `null` or nothing at all).
    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The interpolated text of the scalar `node`, or nil when it is not a (non-null) scalar. `.shell` is for text
    /// run by `/bin/sh -c`, where unset references are left for the shell.
    func text(_ node: Node, mode: ComposeInterpolation.Mode = .compose) throws(ConfigError) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else { return nil }
        do {
            return try ComposeInterpolation.interpolate(
                scalar.string, environment: environment, dotEnv: dotEnv, mode: mode)
        } catch {
            throw self.error(error.message, at: node)
        }
    }

    /// How a value looks in a message: `"two"`, `a list`, `a mapping` or `empty`.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "empty" }
            let text = (try? ComposeInterpolation.interpolate(scalar.string, environment: environment, dotEnv: dotEnv))
            return "\"\(text ?? scalar.string)\""
        }
    }

    /// Interpolates every scalar under `node`, for values that are only type-checked (to report `${X:?}`).
    func checkInterpolation(_ node: Node) throws(ConfigError) {
        switch node {
        case .scalar: _ = try text(node)
        case .sequence(let items): for item in items { try checkInterpolation(item) }
        case .mapping(let mapping): for (_, value) in mapping { try checkInterpolation(value) }
        case .alias: break
        }
    }
}
