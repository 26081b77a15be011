import Yams

extension StackFileReader {
    /// The keys allowed at the top level.
    static let topLevelKeys = [
        "name", "env_file", "environment", "broker", "registry", "services", "container_runtime",
    ]

    /// Reads the whole file: stack-wide settings and the services in file order (not yet cross-validated).
    func stack(_ root: Node) throws(ConfigError) -> (StackDefinition, [ParsedService]) {
        guard case .mapping = root else {
            throw error(
                "the file must be a mapping with a `services:` key at the top level, not \(describe(root))", at: root)
        }
        let settings = try entries(of: root, key: "the file", in: "at the top level", allowed: Self.topLevelKeys)
        guard let servicesEntry = settings.first(where: { $0.key == "services" }) else {
            throw error("the file has no `services:`; add a `services:` mapping with at least one service", at: root)
        }
        var stack = StackDefinition(file: file, directory: directory, services: [])
        for setting in settings {
            switch setting.key {
            case "name": stack.name = try projectName(setting)
            case "env_file": stack.envFiles = try stringOrList(setting).map(path)
            case "environment": stack.environment = try environmentValues(setting)
            case "broker":
                stack.broker = try component(setting, ports: ["tcp_port", "http_port", "lookupd_http_port"])
            case "registry": stack.registry = try component(setting, ports: ["http_port", "dns_port"])
            case "container_runtime": stack.containerRuntime = try runtime(setting)
            default: break
            }
        }
        let services = try services(servicesEntry)
        stack.services = services.map(\.definition)
        return (stack, services)
    }

    private func services(_ entry: Entry) throws(ConfigError) -> [ParsedService] {
        if isNull(entry.value) || entry.value.mapping?.isEmpty == true {
            throw error("`services` is empty; add at least one service with its `command`", at: entry.value)
        }
        guard case .mapping(let mapping) = entry.value else {
            throw error(
                "`services` must be a mapping of service names to settings, not \(describe(entry.value))",
                at: entry.value)
        }
        var result: [ParsedService] = []
        for (keyNode, value) in mapping {
            guard let name = keyNode.scalar?.string else {
                throw error("a service name must be a plain name, not \(describe(keyNode))", at: keyNode)
            }
            if name.hasPrefix("x-") { continue }
            result.append(try service(Entry(key: name, keyNode: keyNode, value: value)))
        }
        guard !result.isEmpty else {
            throw error("`services` has no services; add at least one service with its `command`", at: entry.value)
        }
        return result
    }

    private func projectName(_ entry: Entry) throws(ConfigError) -> String {
        let name = try nonEmptyString(entry)
        let allowed = name.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == "-" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
        guard allowed else {
            throw error(
                "`name` may only contain letters, digits, `_` and `-`, not \(describe(entry.value)); rename the project",
                at: entry.value)
        }
        return name
    }

    /// `broker:` or `registry:`: a boolean, or a mapping of port names to ports.
    private func component(_ entry: Entry, ports: [String]) throws(ConfigError) -> StackDefinition.ComponentSetting {
        if case .mapping = entry.value {
            var result: [String: Int] = [:]
            for setting in try entries(of: entry.value, key: entry.key, in: "in `\(entry.key)`", allowed: ports) {
                result[setting.key] = try portNumber(setting)
            }
            return .enabled(ports: result)
        }
        guard let text = try text(entry.value), ["true", "false"].contains(text.lowercased()) else {
            throw error(
                "`\(entry.key)` must be true, false or a mapping of \(ports.joined(separator: ", ")), not "
                    + describe(entry.value), at: entry.value)
        }
        return text.lowercased() == "true" ? .enabled(ports: [:]) : .disabled
    }

    private func runtime(_ entry: Entry) throws(ConfigError) -> ContainerRuntimeKind {
        guard let runtime = ContainerRuntimeKind(rawValue: try string(entry)) else {
            throw error(
                "`container_runtime` must be docker or podman, not \(describe(entry.value))", at: entry.value)
        }
        return runtime
    }
}
