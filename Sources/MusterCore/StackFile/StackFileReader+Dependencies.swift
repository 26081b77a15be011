import Yams

extension StackFileReader {
    /// `depends_on:`: a list of names (condition `service_started`) or a mapping of names to `{condition: ...}`.
    func dependencies(_ entry: Entry, of service: String) throws(ConfigError) -> [Dependency] {
        var result: [Dependency] = []
        switch entry.value {
        case .sequence(let items):
            for item in items {
                guard let name = try text(item), !name.isEmpty else {
                    throw error("each item of `depends_on` must be a service name, not \(describe(item))", at: item)
                }
                try append(Dependency(service: name, location: location(of: item)), to: &result, of: service, at: item)
            }
        case .mapping(let mapping):
            for (keyNode, value) in mapping {
                guard let name = keyNode.scalar?.string, !name.isEmpty else {
                    throw error("a key of `depends_on` must be a service name, not \(describe(keyNode))", at: keyNode)
                }
                if name.hasPrefix("x-") { continue }
                let condition = try condition(value, of: name)
                let dependency = Dependency(service: name, condition: condition, location: location(of: keyNode))
                try append(dependency, to: &result, of: service, at: keyNode)
            }
        default:
            throw error(
                "`depends_on` must be a list of service names or a mapping of names to conditions, not "
                    + describe(entry.value), at: entry.value)
        }
        return result
    }

    private func append(
        _ dependency: Dependency, to list: inout [Dependency], of service: String, at node: Node
    ) throws(ConfigError) {
        guard !list.contains(where: { $0.service == dependency.service }) else {
            throw error(
                "`\(service)` lists `\(dependency.service)` twice in `depends_on`; remove one of them", at: node)
        }
        list.append(dependency)
    }

    /// The `{condition: ...}` of one dependency; empty means `service_started`.
    private func condition(_ value: Node, of name: String) throws(ConfigError) -> Dependency.Condition {
        if isNull(value) { return .started }
        let settings = try entries(
            of: value, key: name, in: "in the dependency on `\(name)`", allowed: ["condition"])
        guard let setting = settings.first else { return .started }
        let written = try text(setting.value)
        if let written, let condition = Dependency.Condition(rawValue: written) { return condition }
        let conditions = Dependency.Condition.allCases.map(\.rawValue)
        let hint = written.flatMap { KeySuggestion.suggest($0, from: conditions) }.map { " (did you mean `\($0)`?)" }
        throw error(
            "`condition` must be \(conditions.dropLast().joined(separator: ", ")) or \(conditions.last ?? ""), "
                + "not \(describe(setting.value))\(hint ?? "")", at: setting.value)
    }
}
