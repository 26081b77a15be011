/// How containers reach the broker, the registry and other services (design §7).
package enum ContainerNetworking: Sendable, Hashable {
    /// The host's network (Linux): 127.0.0.1 in a container is the host, exactly as for processes.
    case host
    /// A network of its own: `ports:` and the instance's port are published, and injected
    /// addresses name `host.docker.internal` instead of 127.0.0.1.
    case published

    /// Host networking on Linux, published ports elsewhere.
    package static var platformDefault: ContainerNetworking {
        #if os(Linux)
            .host
        #else
            .published
        #endif
    }
}

/// The `run` command of one container instance: the runtime CLI in the foreground, so the
/// container's output is the CLI's output and the container's exit is the CLI's exit.
package struct ContainerRunCommand: Sendable, Hashable {
    /// The argv of the runtime CLI.
    package var arguments: [String]

    /// The command that runs `instance` as `container` with `runtime`.
    ///
    /// The CLI runs with the instance's whole environment, and `--env NAME` passes the container
    /// only what the stack gives it (Muster's variables, `.env`, `environment`, `env_file`), never
    /// the rest of the shell's environment, and never a value on the command line.
    package init(
        instance: InstancePlan, container: ContainerPlan, runtime: ContainerRuntime, networking: ContainerNetworking
    ) {
        var arguments = [
            runtime.executablePath, "run", "--rm", "--name", container.name, "--pull=never",
            "--label", ContainerPlan.projectLabel(container.project),
            "--label", "\(ContainerPlan.labelPrefix).service=\(instance.service)",
            "--label", "\(ContainerPlan.labelPrefix).instance=\(instance.number)",
            "--label", "\(ContainerPlan.directoryLabelKey)=\(container.projectDirectory)",
            "--stop-signal", instance.stopSignal.name,
            "--stop-timeout", String(Self.wholeSeconds(instance.stopGracePeriod)),
        ]
        arguments += Self.networkArguments(instance: instance, container: container, networking: networking)
        let passed = Self.passedEnvironment(of: instance)
        for (key, value) in passed.sorted(by: { $0.key < $1.key }) {
            let rewritten = networking == .published ? Self.hostAddressed(value) : value
            arguments += ["--env", rewritten == value ? key : "\(key)=\(rewritten)"]
        }
        for volume in container.volumes { arguments += ["--volume", volume] }
        if let directory = container.workingDirectory { arguments += ["--workdir", directory] }
        if instance.tty { arguments.append("--tty") }
        if container.runsInit { arguments.append("--init") }
        var words: [String] = []
        if let entrypoint = container.entrypoint {
            arguments += ["--entrypoint", entrypoint.first ?? ""]
            words += entrypoint.dropFirst()
        }
        if case .exec(let command) = instance.command { words += command }
        if case .shell(let line) = instance.command { words += ContainerWords.split(line) ?? [line] }
        arguments.append(container.image)
        arguments += words.map { ContainerWords.expand($0, known: passed) }
        self.arguments = arguments
    }

    /// The variables the container gets: everything but what only the shell set (`.env` values
    /// count even when the shell overrides them).
    static func passedEnvironment(of instance: InstancePlan) -> [String: String] {
        let dotEnvKeys = instance.container?.dotEnvKeys ?? []
        var passed: [String: String] = [:]
        for (key, entry) in instance.environment.entries where entry.origin != .shell || dotEnvKeys.contains(key) {
            passed[key] = entry.value
        }
        return passed
    }

    private static func networkArguments(
        instance: InstancePlan, container: ContainerPlan, networking: ContainerNetworking
    ) -> [String] {
        switch networking {
        case .host:
            return ["--network", "host"]
        case .published:
            var arguments = ["--add-host", "host.docker.internal:host-gateway"]
            if let port = instance.port { arguments += ["--publish", "127.0.0.1:\(port):\(port)"] }
            for port in container.ports { arguments += ["--publish", port] }
            return arguments
        }
    }

    /// `value` with loopback addresses replaced by `host.docker.internal`, the host as a container sees it.
    static func hostAddressed(_ value: String) -> String {
        value.replacing("127.0.0.1", with: "host.docker.internal").replacing("localhost", with: "host.docker.internal")
    }

    private static func wholeSeconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return attoseconds > 0 ? seconds + 1 : seconds
    }
}
