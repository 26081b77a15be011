#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `exec:` attempt: `/bin/sh -c command` in the instance's environment and directory, its
/// output discarded; exit 0 is healthy. On timeout (or cancellation) its process group is killed.
struct ExecProbe: Sendable {
    /// The shell command.
    var command: String
    /// The complete environment of the command.
    var environment: [String: String]
    /// Its working directory, nil for Muster's own.
    var workingDirectory: String?
    /// How long it may run.
    var timeout: Duration
    /// The clock that measures the timeout.
    var clock: any Clock<Duration>

    /// How the command ended, as far as the probe is concerned.
    private enum Ending: Sendable {
        case exited(ExitStatus)
        case timedOut
        case cancelled
    }

    /// Runs the command to its end or its timeout and says how it went.
    func attempt() async -> ProbeResult {
        let request = SpawnRequest(
            executablePath: "/bin/sh", arguments: ["/bin/sh", "-c", command], environment: environment,
            workingDirectory: workingDirectory, standardInput: ProbeNull.input, output: ProbeNull.output)
        let child: ChildProcess
        do {
            child = try await ChildProcess.spawn(request)
        } catch {
            return .failed("`\(shortCommand)` could not start: \(error.description)")
        }
        let ending = await waitOrKill(child)
        let group = ProcessGroup(id: child.pid)
        // Nothing the probe started may outlive it, not even a backgrounded grandchild.
        if group.isAlive { group.send(.kill) }
        switch ending {
        case .exited(let status) where status.isSuccess:
            return .passed("`\(shortCommand)` \(status.description)")
        case .exited(let status):
            return .failed("`\(shortCommand)` \(status.description)")
        case .timedOut:
            return .failed("`\(shortCommand)` timed out after \(timeout.humanReadable) and was killed")
        case .cancelled:
            return .failed("`\(shortCommand)` was stopped")
        }
    }

    /// Waits for the exit or the timeout; on timeout kills the group, and always collects the exit.
    private func waitOrKill(_ child: ChildProcess) async -> Ending {
        let clock = self.clock
        let timeout = self.timeout
        return await withTaskGroup(of: Ending.self) { group in
            group.addTask { .exited(await child.exitStatus()) }
            group.addTask {
                do {
                    try await clock.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .cancelled
            if case .exited = first {
                group.cancelAll()
                return first
            }
            ProcessGroup(id: child.pid).send(.kill)
            // The exit task ends once the killed child is reaped.
            while let next = await group.next() {
                if case .exited = next { break }
            }
            return first
        }
    }

    /// The command as shown in details, cut at 40 characters.
    private var shortCommand: String {
        command.count <= 40 ? command : command.prefix(39) + "…"
    }
}

/// `/dev/null`, opened once, for the standard streams of probe commands.
private enum ProbeNull {
    static let input: Int32 = open("/dev/null", O_RDONLY | O_CLOEXEC)
    static let output: Int32 = open("/dev/null", O_WRONLY | O_CLOEXEC)
}
