/// A child process started through Muster's spawner, whose exit is collected by Muster's reaper.
///
/// Muster reaps every child of its process (`waitpid(-1)`, so that orphans re-parented to it are
/// collected too), so a program that uses MusterCore must start its children through this type,
/// not through Foundation's `Process`, whose exit statuses the reaper would take.
public struct ChildProcess: Sendable {
    /// The pid, which is also its process group and session id.
    public let pid: Int32

    /// Starts the process described by `request` in a new session.
    public static func spawn(_ request: SpawnRequest) async throws(SpawnError) -> ChildProcess {
        ChildProcess(pid: try await ProcessSpawner.shared.spawn(request))
    }

    /// How the process ended if it already has (and `exitStatus()` was not awaited); never blocks.
    public func exitStatusIfExited() -> ExitStatus? {
        ChildProcessTable.shared.exitStatusIfExited(of: pid)
    }

    /// Waits until the process has exited and returns how; call at most once.
    public func exitStatus() async -> ExitStatus {
        await ChildProcessTable.shared.exitStatus(of: pid)
    }
}
