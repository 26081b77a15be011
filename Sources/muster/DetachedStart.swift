import MusterCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `muster start -d`: runs the same `muster start` in the background, its output in
/// `.muster/logs/muster.log`, and returns once its control API answers.
enum DetachedStart {
    static func run(arguments: [String], plan: StackPlan) async throws -> Int32 {
        if let client = try? await ControlClient.connect(projectDirectory: plan.directory),
            let running = try? await client.status()
        {
            printError(
                "muster: muster is already running for \(plan.directory) (pid \(running.pid)); stop it with `muster down` or use that one"
            )
            return 1
        }
        let logDirectory = "\(plan.directory)/.muster/logs"
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        let logPath = "\(logDirectory)/muster.log"
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else {
            printError(
                "muster: cannot write \(logPath): \(String(cString: strerror(errno))); check the directory's permissions"
            )
            return 1
        }
        defer { close(log) }
        let startedAt = (try? FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int) ?? 0
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var request = SpawnRequest(
            executablePath: executable, arguments: [executable] + arguments,
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: nil, standardInput: open("/dev/null", O_RDONLY | O_CLOEXEC), output: log)
        request.diesWithParent = false
        let child = try await ChildProcess.spawn(request)
        switch await waitForControlAPI(of: plan, child: child) {
        case .up(let status):
            print(
                """
                muster is running in the background (pid \(child.pid), control API \(status.api))
                  logs:   muster logs -f    (files in \(logDirectory)/)
                  status: muster status
                  stop:   muster down
                """)
            return 0
        case .exited(let exit):
            printError("muster: the background muster \(exit) before it was up; its output:")
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            printError(String(text.utf8.dropFirst(startedAt)).map { String($0) } ?? text)
            return 1
        case .timedOut:
            printError("muster: the background muster (pid \(child.pid)) did not answer within 30s; see \(logPath)")
            return 1
        }
    }

    private enum Wait {
        case up(StackStatus)
        case exited(ExitStatus)
        case timedOut
    }

    /// Polls the control API with a deadline, and stops early if the child exits.
    private static func waitForControlAPI(of plan: StackPlan, child: ChildProcess) async -> Wait {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let exit = child.exitStatusIfExited() { return .exited(exit) }
            if let client = try? await ControlClient.connect(projectDirectory: plan.directory),
                let status = try? await client.status(), status.pid == child.pid
            {
                return .up(status)
            }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return .timedOut
    }
}
