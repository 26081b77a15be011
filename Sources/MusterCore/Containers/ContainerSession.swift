import Synchronization

/// The containers of one run of a stack (design §7).
///
/// Nothing happens until the first container instance starts: then it finds the runtime (the one
/// `MUSTER_CONTAINER_RUNTIME` or `container_runtime:` chooses, else the first of docker and podman
/// whose `info` succeeds) and removes the containers an earlier run of the project left behind
/// (never those that the running Muster of another directory with the same project name owns).
/// It prepares each service's image once (build, or pull when missing), turns a container instance
/// into the runtime command that runs it in the foreground, and removes each container after its
/// command has ended, so a stop, a restart or a kill leaves nothing behind.
actor ContainerSession {
    /// How long `info`, `ps`, `rm` and `image inspect` may take.
    static let commandTimeout: Duration = .seconds(60)
    /// What an `exec:` probe of a container may take beyond its `timeout`: the runtime's own start.
    static let execProbeAllowance: Duration = .seconds(5)

    let project: String
    /// The stack's directory, which tells its containers from those of another stack with the
    /// same project name.
    let directory: String
    let logs: LogMultiplexer
    let networking: ContainerNetworking
    /// The environment of the runtime's own commands: Muster's defaults, `.env` and the shell.
    let environment: [String: String]
    private let fileChoice: ContainerRuntimeKind?
    private let stackFile: String
    private let runtimeAttempt = SharedAttempt<ContainerRuntime>()
    private var imageAttempts: [String: SharedAttempt<Bool>] = [:]
    private var runtime: ContainerRuntime?
    /// Containers with this project's names that the Muster running for another directory owns:
    /// name → that directory.
    var foreignOwners: [String: String] = [:]
    /// Build and pull commands in progress, stopped when the stack stops.
    let preparations = Mutex(Preparations())

    /// The commands that prepare images, and whether the stack is stopping.
    struct Preparations {
        var groups: Set<ProcessGroup> = []
        var stopping = false
    }

    /// The session of `plan`, printing its lines to `logs`.
    init(plan: StackPlan, logs: LogMultiplexer, networking: ContainerNetworking = .platformDefault) {
        project = plan.project
        directory = plan.directory
        self.logs = logs
        self.networking = networking
        environment = plan.environment.values
        fileChoice = plan.containerRuntime
        stackFile = plan.file
    }

    /// What to launch for `instance`: the runtime's `run` command in place of its command, and
    /// `exec:` probes run inside the container. Finds the runtime and prepares the image first.
    func launchPlan(for instance: InstancePlan) async throws(ContainerError) -> InstancePlan {
        guard let container = instance.container else { return instance }
        guard !preparations.withLock(\.stopping) else { throw .stopping }
        let runtime = try await runtimeAttempt.value { await self.findRuntime() }
        if let owner = foreignOwners[container.name] {
            throw .nameTaken(container: container.name, ownerDirectory: owner, project: project)
        }
        let attempt = imageAttempts[instance.service] ?? SharedAttempt()
        imageAttempts[instance.service] = attempt
        _ = try await attempt.value { await self.prepareImage(for: instance, container: container, runtime: runtime) }
        guard !preparations.withLock(\.stopping) else { throw .stopping }
        var launch = instance
        let run = ContainerRunCommand(
            instance: instance, container: container, runtime: runtime, networking: networking)
        // The launch expands `$NAME` in a list command; the container's words are expanded already.
        launch.command = .exec(run.arguments.map { $0.replacing("$", with: "$$") })
        if case .healthcheck(var check) = instance.readiness, case .exec(let command) = check.probe {
            check.probe = .exec(runtime.execShellLine(container: container.name, command: command))
            check.timeout += Self.execProbeAllowance
            launch.readiness = .healthcheck(check)
        }
        return launch
    }

    /// Removes the container of `instance` once its `run` command has ended (it may outlive a
    /// killed command, and a restart reuses its name).
    func removeContainer(of instance: InstancePlan) async {
        guard let runtime, let container = instance.container else { return }
        let removal = await CapturedCommand.run(
            runtime.removeArguments([container.name]), environment: environment, timeout: Self.commandTimeout)
        if !removal.succeeded, !ContainerRuntime.isAlreadyGone(removal) {
            logs.system(
                "could not remove the container \(container.name): \(removal.lastLine); remove it with "
                    + "`\(runtime.kind) rm -f \(container.name)`", level: .error)
        }
    }

    /// Stops image builds and pulls in progress and refuses new ones: the stack is stopping.
    nonisolated func stopPreparing() {
        let groups = preparations.withLock { state in
            state.stopping = true
            return state.groups
        }
        groups.forEach { $0.send(.terminate) }
    }

    private func findRuntime() async -> Result<ContainerRuntime, ContainerError> {
        let found = await ContainerRuntimeFinder(environment: environment, fileChoice: fileChoice, stackFile: stackFile)
            .find()
        guard case .success(let runtime) = found else { return found }
        self.runtime = runtime
        logs.system("containers run with \(runtime.kind) (\(runtime.executablePath))")
        await removeLeftovers(runtime)
        return found
    }
}
