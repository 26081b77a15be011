import MusterCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines `muster test` prints about itself, on standard error so the test's own output stays clean.
enum TestReport {
    static func say(_ text: String, isError: Bool = false) {
        let line = "muster test: \(text)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    /// Says why the stack is not ready and shows the last 20 lines of the instance's service.
    static func notReady(_ instance: InstanceStatus, logs: LogMultiplexer, because outcome: TestCommandService.Outcome)
    {
        guard case .notReady(let reason) = outcome else { return }
        say("the stack did not become ready: \(reason)", isError: true)
        let lines = logs.recentLines(of: instance.service, limit: 20)
        guard !lines.isEmpty else { return }
        say("last \(lines.count) lines of \(instance.service):")
        for line in lines {
            let text = "  \(line.displayName) | \(line.text)\n"
            _ = text.withCString { write(2, $0, strlen($0)) }
        }
    }
}
