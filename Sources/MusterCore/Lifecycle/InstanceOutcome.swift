/// How an instance finished, as the supervisor needs it for the stack's exit code.
package enum InstanceOutcome: Sendable, Hashable {
    /// It ran to completion with exit code 0.
    case completed
    /// It ended for good with this status (restarts exhausted, or policy `no`).
    case failed(ExitStatus)
    /// It could not be started at all.
    case couldNotStart(reason: String)
    /// It was stopped on request; `forced` when it had to be killed after its grace period.
    case stopped(forced: Bool)
    /// It never started because a dependency can never satisfy its condition.
    case blocked(reason: String)
}
