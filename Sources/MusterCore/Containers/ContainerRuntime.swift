/// A container runtime CLI that answered, and the argv of everything Muster asks it to do.
package struct ContainerRuntime: Sendable, Hashable {
    /// Which CLI it is.
    package var kind: ContainerRuntimeKind
    /// The absolute path of its program.
    package var executablePath: String

    /// A runtime driven through the program at `executablePath`.
    package init(kind: ContainerRuntimeKind, executablePath: String) {
        self.kind = kind
        self.executablePath = executablePath
    }

    /// `info`: exits 0 only when the runtime can run containers (for docker: when the daemon answers).
    var infoArguments: [String] { [executablePath, "info"] }

    /// The names of every container, running or not, labelled with `project`.
    func listArguments(project: String) -> [String] {
        [
            executablePath, "ps", "--all", "--filter", "label=\(ContainerPlan.projectLabel(project))", "--format",
            "{{.Names}}",
        ]
    }

    /// Prints the directory label of container `name` (empty when it has none).
    func directoryLabelArguments(_ name: String) -> [String] {
        [
            executablePath, "inspect", "--format", "{{index .Config.Labels \"\(ContainerPlan.directoryLabelKey)\"}}",
            name,
        ]
    }

    /// Removes `names` at once, killing them if they run; missing ones are no error worth reporting.
    func removeArguments(_ names: [String]) -> [String] {
        // podman would first wait the container's stop timeout; docker kills at once anyway.
        let immediately = kind == .podman ? ["--time", "0"] : []
        return [executablePath, "rm", "--force"] + immediately + names
    }

    /// Succeeds when `image` is on this machine.
    func imageInspectArguments(_ image: String) -> [String] {
        [executablePath, "image", "inspect", "--format", "{{.Id}}", image]
    }

    /// Pulls `image` from its registry.
    func pullArguments(_ image: String) -> [String] {
        [executablePath, "pull", image]
    }

    /// Builds `build`'s context into an image tagged `image`.
    func buildArguments(_ build: ContainerDefinition.Build, image: String) -> [String] {
        var arguments = [executablePath, "build", "--tag", image]
        if let dockerfile = build.dockerfile {
            // Compose reads the Dockerfile relative to the context; the CLIs relative to their directory.
            arguments += ["--file", dockerfile.hasPrefix("/") ? dockerfile : build.context + "/" + dockerfile]
        }
        for (key, value) in build.arguments.sorted(by: { $0.key < $1.key }) {
            arguments += ["--build-arg", "\(key)=\(value)"]
        }
        if let target = build.target { arguments += ["--target", target] }
        return arguments + [build.context]
    }

    /// A shell line, for an `exec:` probe, that runs `command` with `/bin/sh -c` inside `container`.
    func execShellLine(container: String, command: String) -> String {
        [executablePath, "exec", container, "/bin/sh", "-c", command].map(ConfigExplanation.quoted)
            .joined(separator: " ")
    }

    /// Whether a failed `rm` only says the container was gone already (docker says so; podman
    /// does not fail), or that the runtime is removing it already (docker's `--rm`).
    static func isAlreadyGone(_ removal: CapturedCommand) -> Bool {
        let output = removal.output.lowercased()
        return output.contains("no such container") || output.contains("already in progress")
    }
}
