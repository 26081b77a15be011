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
        let (readEnd, writeEnd) = try outputChannel(for: plan)
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
        let environment = plan.environment.values
        let command = plan.command.expanded(with: environment)
        var request = SpawnRequest(
            executablePath: try command.executablePath(environment: environment),
            arguments: command.argv, environment: environment,
            workingDirectory: plan.workingDirectory, standardInput: DevNull.descriptor, output: writeEnd)
        if plan.tty { request.terminal = writeEnd }
        let pid = try await ProcessSpawner.shared.spawn(request)
        return ProcessLaunch(pid: pid, output: output)
    }

    /// The descriptors the instance's output travels through: a pipe, or for `tty: true` a
    /// pseudo-terminal (Muster reads its master; the child gets its slave).
    private static func outputChannel(for plan: InstancePlan) throws(SpawnError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        var (master, slave): (Int32, Int32) = (-1, -1)
        let opened =
            plan.tty
            ? muster_open_pty(&master, &slave, TerminalSize.rows, TerminalSize.columns)
            : muster_pipe_cloexec(&fds)
        guard opened == 0 else {
            throw SpawnError(program: plan.command.program, workingDirectory: nil, errorNumber: errno)
        }
        return plan.tty ? (master, slave) : (fds[0], fds[1])
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

/// The size of the pseudo-terminals of `tty: true` services: Muster's own terminal's, else 24 × 120.
enum TerminalSize {
    private static let size: (rows: UInt16, columns: UInt16) = {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return (24, 120) }
        return (size.ws_row, size.ws_col)
    }()
    static var rows: UInt16 { size.rows }
    static var columns: UInt16 { size.columns }
}
