#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What `muster config` prints: the resolved stack as text or JSON, and `--explain SERVICE`.
public enum ConfigExplanation {
    /// Values longer than this are printed whole but do not widen the value column of `--explain`.
    static let valueColumnLimit = 40

    /// Every service of `plan` in order: command, working directory, ports, replicas, dependencies,
    /// readiness, restart policy and stop behaviour.
    public static func summary(_ plan: StackPlan) -> String {
        var lines = ["project:   \(plan.project)", "file:      \(plan.file)", "directory: \(plan.directory)"]
        for service in plan.serviceNames {
            let instances = plan.instances.filter { $0.service == service }
            guard let first = instances.first else { continue }
            lines.append("")
            lines.append(service)
            if let container = first.container { lines.append(field("image", imageText(container))) }
            lines.append(field("command", commandText(first.command)))
            lines.append(field("working dir", workingDirectoryText(first, plan: plan)))
            lines.append(field("ports", portsText(instances)))
            lines.append(field("replicas", String(first.replicas)))
            lines.append(field("depends on", dependenciesText(first.dependencies)))
            lines.append(field("readiness", readinessText(first.readiness, generic: true)))
            lines.append(field("restart", first.restart.description))
            lines.append(field("stop", stopText(first)))
            let flags = flagsText(first)
            if !flags.isEmpty { lines.append(field("flags", flags)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `--explain SERVICE`: one instance (`api` means `api.1`) with its argv, working directory,
    /// ports, dependencies and every environment variable with its value and origin.
    public static func explain(_ target: String, in plan: StackPlan) throws(ConfigError) -> String {
        let instance = try find(target, in: plan)
        let siblings = plan.instances.filter { $0.service == instance.service }
        var lines = [
            instance.name,
            field("argv", instance.command.argv.map(quoted).joined(separator: " ")),
            field("working dir", workingDirectoryText(instance, plan: plan)),
            field("ports", portsText(siblings)),
            field("depends on", dependenciesText(instance.dependencies)),
            field("readiness", readinessText(instance.readiness, generic: false)),
            field("restart", instance.restart.description),
            "  environment:",
        ]
        let entries = instance.environment.entries.sorted { $0.key < $1.key }
        let nameWidth = entries.map(\.key.count).max() ?? 0
        let valueWidth = min(entries.map { displayed($0.value.value).count }.max() ?? 0, valueColumnLimit)
        for (name, entry) in entries {
            let value = displayed(entry.value)
            let gap = String(repeating: " ", count: max(valueWidth - value.count, 0) + 3)
            lines.append("    \(padded(name, to: nameWidth)) \(value)\(gap)\(entry.origin.description)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same facts as `summary` as one JSON document with sorted keys; with `explaining`, only
    /// that service and instance, with its environment (`{"NAME": {"origin": ..., "value": ...}}`).
    public static func json(_ plan: StackPlan, explaining target: String? = nil) throws(ConfigError) -> String {
        let document: StackDocument
        if let target {
            let instance = try find(target, in: plan)
            document = StackDocument(
                plan: plan, services: [ServiceDocument(instance.service, [instance], withEnvironment: true)])
        } else {
            let services = plan.serviceNames.map { name in
                ServiceDocument(name, plan.instances.filter { $0.service == name }, withEnvironment: false)
            }
            document = StackDocument(plan: plan, services: services)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and booleans always encode; there is no failure to report.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The instance `target` names: `api.2`, or `api` for its first instance.
    static func find(_ target: String, in plan: StackPlan) throws(ConfigError) -> InstancePlan {
        if let exact = plan.instances.first(where: { $0.name == target }) { return exact }
        if let first = plan.instances.first(where: { $0.service == target }) { return first }
        throw ConfigError(
            file: plan.file, line: nil,
            message:
                "there is no service or instance named \"\(target)\" to explain; the services are \(plan.serviceNames.joined(separator: ", "))"
        )
    }

    // MARK: - Text pieces

    private static func field(_ label: String, _ value: String) -> String {
        "  \(padded(label + ":", to: 12)) \(value)"
    }

    private static func padded(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func commandText(_ command: ServiceCommand) -> String {
        switch command {
        case .shell(let line): line
        case .exec([]): "(the image's own command)"
        case .exec(let arguments): arguments.map(quoted).joined(separator: " ")
        }
    }

    /// A container's directory inside it; a process's directory on this machine.
    static func workingDirectoryText(_ instance: InstancePlan, plan: StackPlan) -> String {
        guard let container = instance.container else { return instance.workingDirectory ?? plan.directory }
        return container.workingDirectory.map { "\($0) (in the container)" } ?? "the image's own"
    }

    static func imageText(_ container: ContainerPlan) -> String {
        container.build.map { "\(container.image), built from \($0.context)" } ?? container.image
    }

    static func portsText(_ instances: [InstancePlan]) -> String {
        let ports = instances.compactMap { instance in instance.port.map { "\(instance.name) \($0)" } }
        return ports.isEmpty ? "none" : ports.joined(separator: ", ")
    }

    static func dependenciesText(_ dependencies: [Dependency]) -> String {
        guard !dependencies.isEmpty else { return "none" }
        return dependencies.map { "\($0.service) (\($0.condition.rawValue))" }.joined(separator: ", ")
    }

    static func readinessText(_ readiness: Readiness, generic: Bool) -> String {
        switch readiness {
        case .running: return "as soon as the process runs"
        case .portAccepts(let port):
            return generic ? "when its port accepts connections" : "when port \(port) accepts connections"
        case .healthcheck(let check):
            return
                "healthcheck \(probeText(check.probe)) every \(check.interval.humanReadable) (timeout \(check.timeout.humanReadable), \(check.retries) retries, start period \(check.startPeriod.humanReadable))"
        }
    }

    private static func probeText(_ probe: HealthCheckDefinition.Probe) -> String {
        switch probe {
        case .http(let target): "http \(target)"
        case .tcp(let port): "tcp \(port.map(String.init) ?? "own port")"
        case .exec(let command): "exec \(command)"
        case .log(let pattern): "log \(pattern)"
        }
    }

    private static func stopText(_ instance: InstancePlan) -> String {
        "\(instance.stopSignal.name), then SIGKILL after \(instance.stopGracePeriod.humanReadable)"
    }

    private static func flagsText(_ instance: InstancePlan) -> String {
        [
            instance.oneshot ? "oneshot" : nil, instance.tty ? "tty" : nil, instance.register ? "registered" : nil,
            instance.exitOnFailure ? "exit_on_failure" : nil,
        ].compactMap { $0 }.joined(separator: ", ")
    }

    /// An argument as a shell would need it: bare when safe, else in double quotes.
    static func quoted(_ argument: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,")
        if !argument.isEmpty, argument.allSatisfy(safe.contains) { return argument }
        var result = "\""
        for character in argument {
            if "\"\\$`".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }

    /// A value on one line: control characters as escapes.
    static func displayed(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
