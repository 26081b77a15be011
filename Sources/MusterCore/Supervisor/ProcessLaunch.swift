import CMusterSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One started process of an instance, with its output attached to the log multiplexer.
struct ProcessLaunch: Sendable {
    /// The pid, which is also the id of its process group.
    let pid: Int32
    private let output: LogStream

    /// How long to wait, after the process exited, for output still in the pipe (a grandchild
    /// that inherited the pipe may keep it open forever).
    static let drainGrace: Duration = .milliseconds(100)

    /// Creates the output pipe, attaches it to the logs and spawns the instance's command.
    static func start(
        plan: InstancePlan, logs: LogMultiplexer, lineObserver: (@Sendable (String) -> Void)? = nil
    ) async throws(SpawnError) -> ProcessLaunch {
        var fds: [Int32] = [-1, -1]
        guard muster_pipe_cloexec(&fds) == 0 else {
            throw SpawnError(program: plan.command.program, workingDirectory: nil, errorNumber: errno)
        }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let output: LogStream
        do {
            output = try await logs.attach(
                fd: readEnd, displayName: plan.displayName, service: plan.service, lineObserver: lineObserver)
        } catch {
            // attach owns the read end even when it fails.
            close(writeEnd)
            throw SpawnError(program: plan.command.program, workingDirectory: nil, errorNumber: EIO)
        }
        defer { close(writeEnd) }
        let request = SpawnRequest(
            executablePath: try plan.command.executablePath(environment: plan.environment.values),
            arguments: plan.command.argv, environment: plan.environment.values,
            workingDirectory: plan.workingDirectory, standardInput: DevNull.descriptor, output: writeEnd)
        let pid = try await ProcessSpawner.shared.spawn(request)
        return ProcessLaunch(pid: pid, output: output)
    }

    /// Waits for the process to exit, then briefly for the rest of its output.
    func waitForExit() async -> ExitStatus {
        let status = await ChildProcessTable.shared.exitStatus(of: pid)
        await output.drained(within: Self.drainGrace)
        return status
    }
}

/// `/dev/null`, opened once, for the standard input of services.
enum DevNull {
    static let descriptor: Int32 = open("/dev/null", O_RDONLY | O_CLOEXEC)
}
