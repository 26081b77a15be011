import MusterCore

/// The last line of `muster test`, and its exit code: the command's, or 1 when the stack never
/// became ready, or 130 when interrupted.
struct TestSummary {
    let outcome: TestCommandService.Outcome
    let status: StackStatus

    func print() -> Int32 {
        let restarts = status.instances.reduce(0) { $0 + $1.restarts }
        let restartText = "\(restarts) restart\(restarts == 1 ? "" : "s")"
        switch outcome {
        case .ran(let exit, let readyAfter):
            let verdict = exit.isSuccess ? "passed" : "failed: the command \(exit)"
            TestReport.say("ready after \(readyAfter.humanReadable), \(restartText), \(verdict)")
            return exit.shellCode
        case .notReady(let reason):
            TestReport.say("the stack never became ready (\(reason)), \(restartText); the command did not run")
            return 1
        case .interrupted:
            TestReport.say("interrupted, \(restartText)")
            return 130
        }
    }
}
