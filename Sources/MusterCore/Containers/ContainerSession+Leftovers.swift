extension ContainerSession {
    /// Removes the containers labelled with the project that no running Muster owns: those of
    /// this directory (left by a Muster that was killed), those without a directory label, and
    /// those of another directory whose Muster no longer answers. Containers of another
    /// directory whose Muster runs are left alone and remembered in ``foreignOwners``.
    func removeLeftovers(_ runtime: ContainerRuntime) async {
        let listed = await CapturedCommand.run(
            runtime.listArguments(project: project), environment: environment, timeout: Self.commandTimeout)
        guard listed.succeeded else {
            logs.system("could not list the containers of an earlier run: \(listed.lastLine)", level: .error)
            return
        }
        var leftovers: [String] = []
        for name in listed.output.split(whereSeparator: \.isNewline).map(String.init) where !name.isEmpty {
            if let owner = await runningOwner(of: name, runtime: runtime) {
                foreignOwners[name] = owner
            } else {
                leftovers.append(name)
            }
        }
        if !foreignOwners.isEmpty {
            let names = foreignOwners.keys.sorted().joined(separator: ", ")
            let owners = Set(foreignOwners.values).sorted().joined(separator: ", ")
            logs.system(
                "the muster running for \(owners) also calls its project \(project) and runs \(names); "
                    + "those services cannot start here until it stops", level: .error)
        }
        guard !leftovers.isEmpty else { return }
        let removal = await CapturedCommand.run(
            runtime.removeArguments(leftovers), environment: environment, timeout: Self.commandTimeout)
        if removal.succeeded {
            logs.system(
                "removed \(leftovers.count) container(s) left by an earlier run: \(leftovers.joined(separator: ", "))")
        } else {
            logs.system(
                "could not remove the containers left by an earlier run (\(leftovers.joined(separator: ", "))): "
                    + removal.lastLine, level: .error)
        }
    }

    /// The directory of the Muster that runs container `name`, when that is another directory
    /// than this stack's and a Muster answers there; nil when the container is a leftover.
    private func runningOwner(of name: String, runtime: ContainerRuntime) async -> String? {
        let inspected = await CapturedCommand.run(
            runtime.directoryLabelArguments(name), environment: environment, timeout: Self.commandTimeout)
        let owner = inspected.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard inspected.succeeded, !owner.isEmpty, owner != "<no value>", owner != directory else { return nil }
        return (try? await ControlClient.connect(projectDirectory: owner)) != nil ? owner : nil
    }
}
