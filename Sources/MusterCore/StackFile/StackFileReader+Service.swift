import Yams

/// A service as read from the file, with what validation needs beyond the model.
struct ParsedService {
    /// The service.
    var definition: ServiceDefinition
    /// Where `port:` was written.
    var portLocation: SourceLocation?
}

extension StackFileReader {
    /// The keys a service may have.
    static let serviceKeys = [
        "command", "working_dir", "environment", "env_file", "port", "replicas", "depends_on", "healthcheck",
        "restart", "stop_signal", "stop_grace_period", "oneshot", "tty", "profiles", "register", "exit_on_failure",
        "image", "build", "volumes", "ports", "entrypoint", "init",
    ]

    /// Reads the service `entry` of `services:`.
    func service(_ entry: Entry) throws(ConfigError) -> ParsedService {
        let name = entry.key
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isServiceNameCharacter) else {
            throw error(
                "the service name `\(name)` may only contain letters, digits, `_` and `-`; rename it", at: entry.keyNode
            )
        }
        if case .scalar = entry.value, !isNull(entry.value) {
            throw error(
                "`\(name)` must be a mapping of service settings, not \(describe(entry.value)); "
                    + "write `command: ...` indented under `\(name):`", at: entry.value)
        }
        let settings = try entries(
            of: entry.value, key: name, in: "in service `\(name)`", allowed: Self.serviceKeys)
        var definition = ServiceDefinition(name: name, command: nil)
        definition.location = location(of: entry.keyNode)
        var parsed = ParsedService(definition: definition)
        for setting in settings {
            if try !applyProcessSetting(setting, to: &parsed) {
                try applyContainerSetting(setting, to: &parsed.definition)
            }
        }
        let isContainer = settings.contains { $0.key == "image" || $0.key == "build" }
        if parsed.definition.command == nil, !isContainer {
            throw error(
                "the service `\(name)` has no `command`; add `command:` (or `image:` for a container)",
                at: entry.keyNode)
        }
        try finishContainer(&parsed, settings: settings)
        try checkPortRange(of: parsed, settings: settings)
        return parsed
    }

    /// Applies a process or lifecycle key; false when `setting` is not one.
    private func applyProcessSetting(_ setting: Entry, to parsed: inout ParsedService) throws(ConfigError) -> Bool {
        let name = parsed.definition.name
        switch setting.key {
        case "command": parsed.definition.command = try command(setting)
        case "working_dir": parsed.definition.workingDirectory = path(try nonEmptyString(setting))
        case "environment": parsed.definition.environment = try environmentValues(setting)
        case "env_file": parsed.definition.envFiles = try stringOrList(setting).map(path)
        case "port":
            parsed.definition.port = try portSetting(setting)
            parsed.portLocation = location(of: setting.value)
        case "replicas": parsed.definition.replicas = try integer(setting, in: 0...Int.max, rangeText: "0 or more")
        case "depends_on": parsed.definition.dependsOn = try dependencies(setting, of: name)
        case "healthcheck": parsed.definition.healthcheck = try healthcheck(setting, of: name)
        case "restart": parsed.definition.restart = try restartPolicy(setting)
        case "stop_signal": parsed.definition.stopSignal = try signal(setting)
        case "stop_grace_period": parsed.definition.stopGracePeriod = try duration(setting)
        case "oneshot": parsed.definition.oneshot = try bool(setting)
        case "tty": parsed.definition.tty = try bool(setting)
        case "profiles": parsed.definition.profiles = try profiles(setting)
        case "register": parsed.definition.register = try bool(setting)
        case "exit_on_failure": parsed.definition.exitOnFailure = try bool(setting)
        default: return false
        }
        return true
    }

    /// `command:`: a string runs with `/bin/sh -c`, a list is the argv. In both, `$VAR` is
    /// expanded when the instance starts, from its own environment (so `$PORT` is its port).
    private func command(_ entry: Entry) throws(ConfigError) -> ServiceCommand {
        if case .sequence = entry.value {
            let arguments = try stringList(entry, mode: .shell)
            guard !arguments.isEmpty else {
                throw error("`command` is an empty list; write the program and its arguments", at: entry.value)
            }
            return .exec(arguments)
        }
        guard let line = try text(entry.value, mode: .shell) else {
            throw error(
                "`command` must be a string or a list of strings, not \(describe(entry.value))", at: entry.value)
        }
        guard !line.allSatisfy(\.isWhitespace) else {
            throw error("`command` is empty; write the command to run after the colon", at: entry.value)
        }
        return .shell(line)
    }

    /// `port:`: a number or `auto`.
    private func portSetting(_ entry: Entry) throws(ConfigError) -> ServiceDefinition.PortSetting {
        if try text(entry.value) == "auto" { return .auto }
        guard let text = try text(entry.value), let number = Int(text), (1...65535).contains(number) else {
            throw error(
                "`port` must be a number from 1 to 65535 or \"auto\", not \(describe(entry.value))", at: entry.value)
        }
        return .fixed(number)
    }

    private func restartPolicy(_ entry: Entry) throws(ConfigError) -> RestartPolicy {
        guard let text = try text(entry.value), let policy = RestartPolicy(parsing: text) else {
            throw error(
                "`restart` must be no, always, on-failure, on-failure:N or unless-stopped, not "
                    + describe(entry.value), at: entry.value)
        }
        return policy
    }

    private func signal(_ entry: Entry) throws(ConfigError) -> ProcessSignal {
        guard let text = try text(entry.value), let signal = ProcessSignal(name: text) else {
            throw error(
                "`stop_signal` must be a signal name such as SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1 or SIGKILL, not "
                    + describe(entry.value), at: entry.value)
        }
        return signal
    }

    private func profiles(_ entry: Entry) throws(ConfigError) -> [String] {
        let names = try stringList(entry)
        if let index = names.firstIndex(where: \.isEmpty), case .sequence(let items) = entry.value {
            throw error("a profile name is empty; write a name or remove the item", at: items[index])
        }
        return names
    }

    /// A fixed port with replicas must not run past 65535.
    private func checkPortRange(of parsed: ParsedService, settings: [Entry]) throws(ConfigError) {
        let service = parsed.definition
        guard case .fixed(let port) = service.port, service.replicas > 1, port > 65536 - service.replicas,
            let node = settings.first(where: { $0.key == "port" })?.value
        else { return }
        throw error(
            "`\(service.name)` needs ports \(port) to \(port + service.replicas - 1) for its \(service.replicas) "
                + "replicas, past the last port 65535; lower `port` or `replicas`", at: node)
    }

    private static func isServiceNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar == "-" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || ("0"..."9").contains(scalar)
    }
}
