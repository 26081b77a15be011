/// One of Muster's own lines about an instance, such as `web.1 exited with code 1, restarting in 200ms`.
struct StatusLine {
    let text: String
    let isError: Bool

    init<Instant>(instance: InstancePlan, announcement: InstanceStateMachine<Instant>.Announcement) {
        let name = instance.displayName
        switch announcement {
        case .started(let pid):
            let port = instance.port.map { " on port \($0)" } ?? ""
            (text, isError) = ("\(name) started (pid \(pid)\(port))", false)
        case .restarting(let status, let delay):
            (text, isError) = ("\(name) \(status), restarting in \(delay.humanReadable)", true)
        case .ended(let status, _) where status.isSuccess && instance.oneshot:
            (text, isError) = ("\(name) completed successfully", false)
        case .ended(let status, let restarts):
            if status.isSuccess {
                (text, isError) = ("\(name) \(status)", false)
            } else if restarts > 0 {
                (text, isError) = (
                    "\(name) \(status); gave up after \(restarts) restart\(restarts == 1 ? "" : "s")", true
                )
            } else {
                (text, isError) = ("\(name) \(status) and will not be restarted", true)
            }
        case .stopped(let status):
            let how =
                status == .signaled(signal: instance.stopSignal.rawValue) || status.isSuccess ? "" : " (\(status))"
            (text, isError) = ("\(name) stopped\(how)", false)
        case .killedAfterGrace(let grace):
            (text, isError) = ("\(name) did not stop within \(grace.humanReadable) and was killed", true)
        case .couldNotStart(let reason):
            (text, isError) = ("\(name) \(reason)", true)
        case .ready(let delay):
            (text, isError) = ("\(name) ready after \(delay.humanReadable)", false)
        case .unhealthy(let reason, let restarting):
            let next = restarting ? "restarting it" : "its restart policy is no, so it keeps running"
            (text, isError) = ("\(name) unhealthy: \(reason); \(next)", true)
        case .healthyAgain:
            (text, isError) = ("\(name) healthy again", false)
        case .blocked(let reason):
            (text, isError) = ("\(name) blocked: \(reason)", true)
        case .notReadyYet(let detail):
            (text, isError) = ("\(name) not ready yet: \(detail)", false)
        }
    }
}
