/// Where the processes of a stack's instances run: real children of Muster
/// (``ChildProcessHost``), or a test's stand-ins. Runners launch and signal through it, and the
/// supervisor reaps what outlived its leader once every instance has ended.
protocol ProcessHost: Sendable {
    /// Starts `plan`'s command with its output attached to `logs`; `lineObserver` sees each line.
    func launch(
        _ plan: InstancePlan, logs: LogMultiplexer, lineObserver: (@Sendable (String) -> Void)?
    ) async throws -> LaunchedProcess
    /// Sends `signal` to the process group led by `leader`.
    func signal(_ signal: ProcessSignal, group leader: Int32)
    /// Called once `leader` has exited: whether its group lives on (to be reaped at the end);
    /// when it does not, the group is forgotten.
    func outlives(leader: Int32) -> Bool
    /// Stops what is left of `groups` (and of any other child) once every instance has ended.
    func reap(_ groups: Set<ProcessGroup>) async
}

/// A process a ``ProcessHost`` started: its pid, and a way to wait for its exit and its output.
struct LaunchedProcess: Sendable {
    /// The pid, which also leads the process's group and session.
    let pid: Int32
    /// Returns once the process has exited and its output is drained.
    let exit: @Sendable () async -> ExitStatus
}
