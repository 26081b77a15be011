extension ContainerSession {
    /// Builds the image of `instance`'s service (`build:`), or pulls it when it is not on this
    /// machine; the output of both goes to the service's log.
    func prepareImage(
        for instance: InstancePlan, container: ContainerPlan, runtime: ContainerRuntime
    ) async -> Result<Bool, ContainerError> {
        if let build = container.build {
            logs.system("\(instance.displayName) building the image \(container.image) from \(build.context)")
            let (status, _) = await streamed(runtime.buildArguments(build, image: container.image), as: instance)
            guard status.isSuccess else { return .failure(.buildFailed(image: container.image, status: status)) }
            return .success(true)
        }
        let inspected = await CapturedCommand.run(
            runtime.imageInspectArguments(container.image), environment: environment, timeout: Self.commandTimeout)
        if inspected.succeeded { return .success(true) }
        logs.system("\(instance.displayName) pulling the image \(container.image)")
        let (status, lastLine) = await streamed(runtime.pullArguments(container.image), as: instance)
        guard status.isSuccess else {
            let reason = lastLine.count > 300 ? lastLine.prefix(299) + "…" : lastLine
            return .failure(.imageUnavailable(image: container.image, reason: reason.isEmpty ? "\(status)" : reason))
        }
        return .success(true)
    }

    /// Runs a runtime command with its output in `instance`'s log; returns how it ended and its last line.
    private func streamed(_ arguments: [String], as instance: InstancePlan) async -> (ExitStatus, String) {
        var step = instance
        step.command = .exec(arguments.map { $0.replacing("$", with: "$$") })
        step.tty = false
        let lastLine = LogLockedBox("")
        let launch: ProcessLaunch
        do {
            launch = try await ProcessLaunch.start(
                plan: step, logs: logs,
                lineObserver: { line in
                    if !line.allSatisfy(\.isWhitespace) { lastLine.withLock { $0 = line } }
                })
        } catch {
            return (.exited(code: 127), error.description)
        }
        let group = ProcessGroup(id: launch.pid)
        let stopping = preparations.withLock { state in
            state.groups.insert(group)
            return state.stopping
        }
        if stopping { group.send(.terminate) }
        let status = await launch.waitForExit()
        preparations.withLock { _ = $0.groups.remove(group) }
        return (status, lastLine.withLock { $0 })
    }
}
