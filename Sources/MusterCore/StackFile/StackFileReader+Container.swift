import Yams

extension StackFileReader {
    /// The keys only a container service (one with `image:` or `build:`) may have.
    static let containerOnlyKeys = ["volumes", "ports", "entrypoint", "init"]

    /// Applies a container key (`image`, `build`, `volumes`, `ports`, `entrypoint`, `init`).
    func applyContainerSetting(_ setting: Entry, to service: inout ServiceDefinition) throws(ConfigError) {
        var container = service.container ?? ContainerDefinition()
        switch setting.key {
        case "image":
            container.image = try nonEmptyString(setting)
        case "build":
            container.build = try build(setting)
        case "volumes":
            let items = try listItems(setting, expected: "a list of volumes such as ./data:/data")
            container.volumes = try items.map { item throws(ConfigError) in try volume(item) }
        case "ports":
            let items = try listItems(setting, expected: "a list of ports such as \"8080:80\"")
            container.ports = try items.map { item throws(ConfigError) in try portMapping(item) }
        case "entrypoint":
            container.entrypoint = try words(setting)
        case "init":
            container.runsInit = try bool(setting)
        default:
            throw error("unknown key `\(setting.key)` in service `\(service.name)`", at: setting.keyNode)
        }
        service.container = container
    }

    /// Checks a service's container settings as a whole once all its keys are read: container keys need
    /// `image:` or `build:`; a container's string `command` becomes words and `working_dir` stays a path
    /// inside the container.
    func finishContainer(_ parsed: inout ParsedService, settings: [Entry]) throws(ConfigError) {
        guard var container = parsed.definition.container else { return }
        let name = parsed.definition.name
        guard container.image != nil || container.build != nil else {
            let key = settings.first { Self.containerOnlyKeys.contains($0.key) }
            throw error(
                "`\(key?.key ?? "volumes")` applies to container services only; add `image:` (or `build:`) to "
                    + "`\(name)` or remove `\(key?.key ?? "volumes")`", at: key?.keyNode ?? settings[0].keyNode)
        }
        if case .shell(let line) = parsed.definition.command, let entry = settings.first(where: { $0.key == "command" })
        {
            guard let words = ContainerWords.split(line), !words.isEmpty else {
                throw error(
                    "`command` has a quote that is not closed; close it or write the command as a list", at: entry.value
                )
            }
            parsed.definition.command = .exec(words)
        }
        if let entry = settings.first(where: { $0.key == "working_dir" }) {
            let directory = try nonEmptyString(entry)
            guard directory.hasPrefix("/") else {
                throw error(
                    "the `working_dir` of a container is a directory inside it and must start with /, not "
                        + describe(entry.value), at: entry.value)
            }
            container.workingDirectory = directory
            parsed.definition.workingDirectory = nil
        }
        parsed.definition.container = container
    }

    /// `build:`: the context directory, or a mapping of `context`, `dockerfile`, `args` and `target`.
    private func build(_ entry: Entry) throws(ConfigError) -> ContainerDefinition.Build {
        guard case .mapping = entry.value else {
            return ContainerDefinition.Build(context: path(try nonEmptyString(entry)))
        }
        let settings = try entries(
            of: entry.value, key: "build", in: "in `build`", allowed: ["context", "dockerfile", "args", "target"])
        var build = ContainerDefinition.Build(context: directory)
        for setting in settings {
            switch setting.key {
            case "context": build.context = path(try nonEmptyString(setting))
            case "dockerfile": build.dockerfile = try nonEmptyString(setting)
            case "args": build.arguments = try environmentValues(setting)
            case "target": build.target = try nonEmptyString(setting)
            default: break
            }
        }
        return build
    }

    /// `entrypoint:`: a list of words, or a string split into words as Compose does.
    private func words(_ entry: Entry) throws(ConfigError) -> [String] {
        if case .sequence = entry.value { return try stringList(entry) }
        guard let line = try text(entry.value) else {
            throw error(
                "`\(entry.key)` must be a string or a list of strings, not \(describe(entry.value))", at: entry.value)
        }
        guard let words = ContainerWords.split(line) else {
            throw error("`\(entry.key)` has a quote that is not closed; close it or write a list", at: entry.value)
        }
        return words
    }

    /// The items of a list of scalars and mappings.
    private func listItems(_ entry: Entry, expected: String) throws(ConfigError) -> [Node] {
        guard case .sequence(let items) = entry.value else {
            throw error("`\(entry.key)` must be \(expected), not \(describe(entry.value))", at: entry.value)
        }
        for item in items {
            switch item {
            case .scalar where !isNull(item), .mapping: continue
            default:
                throw error(
                    "each item of `\(entry.key)` must be a string or a mapping, not \(describe(item))", at: item)
            }
        }
        return Array(items)
    }
}
