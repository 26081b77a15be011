import MusterCore
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `muster test`: waits until every instance of the stack is ready, runs the test command with
/// the stack's environment, then stops the stack. Its result is the run's exit code.
actor TestCommandService: Service {
    /// How the test ended.
    enum Outcome: Sendable, Equatable {
        /// The command ran and ended with this status.
        case ran(ExitStatus, readyAfter: Duration)
        /// The stack never became ready.
        case notReady(reason: String)
        /// Interrupted (Ctrl-C) before the command finished.
        case interrupted
    }

    private let supervisor: Supervisor
    private let command: [String]
    private let environment: [String: String]
    private let timeout: Duration
    private let logs: LogMultiplexer
    private(set) var outcome: Outcome = .interrupted

    /// Runs `command` with `environment` (the stack's, with every address) once the stack of
    /// `supervisor` is ready, or gives up after `timeout`.
    init(
        supervisor: Supervisor, command: [String], environment: [String: String], timeout: Duration,
        logs: LogMultiplexer
    ) {
        self.supervisor = supervisor
        self.command = command
        self.environment = environment
        self.timeout = timeout
        self.logs = logs
    }

    func run() async throws {
        defer { supervisor.requestShutdown() }
        let started = ContinuousClock.now
        var readiness = await cancelWhenGracefulShutdown { await self.waitUntilReady() }
        if await supervisor.wasStoppedOnRequest {
            outcome = .interrupted
            return
        }
        if Task.isShuttingDownGracefully || Task.isCancelled {
            // The stack ended by itself while we waited: judge it as it stands.
            readiness = StackReadiness(await supervisor.status().instances)
        }
        switch readiness {
        case .ready:
            let readyAfter = started.duration(to: .now)
            TestReport.say("stack ready after \(readyAfter.humanReadable); running \(command.joined(separator: " "))")
            if let status = await runCommand() { outcome = .ran(status, readyAfter: readyAfter) }
        case .impossible(let instance):
            outcome = .notReady(
                reason: "\(instance.displayName) is \(instance.state)\(instance.reason.map { " (\($0))" } ?? "")")
            TestReport.notReady(instance, logs: logs, because: outcome)
        case .waiting(let instances):
            let names = instances.map { "\($0.displayName) (\($0.state))" }.joined(separator: ", ")
            outcome = .notReady(reason: "not ready after \(timeout.humanReadable): \(names)")
            if let first = instances.first { TestReport.notReady(first, logs: logs, because: outcome) }
        }
    }

    /// Waits, without polling, until the stack is ready, can never be, or the timeout passes.
    private func waitUntilReady() async -> StackReadiness {
        let changes = await supervisor.transitions()
        return await withTaskGroup(of: StackReadiness?.self) { group in
            group.addTask {
                var readiness = StackReadiness(await self.supervisor.status().instances)
                if readiness != .ready, case .waiting = readiness {
                    for await _ in changes {
                        readiness = StackReadiness(await self.supervisor.status().instances)
                        if case .waiting = readiness { continue }
                        break
                    }
                }
                return readiness
            }
            group.addTask {
                guard (try? await Task.sleep(for: self.timeout)) != nil else { return nil }
                return StackReadiness(await self.supervisor.status().instances)
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .waiting([])
        }
    }

    /// Runs the command on Muster's own terminal streams; a graceful shutdown (Ctrl-C) stops it.
    private func runCommand() async -> ExitStatus? {
        let child: ChildProcess
        do {
            let path = try ServiceCommand.exec(command).executablePath(environment: environment)
            child = try await ChildProcess.spawn(
                SpawnRequest(
                    executablePath: path, arguments: command, environment: environment, workingDirectory: nil,
                    standardInput: 0, output: 1, errorOutput: 2))
        } catch {
            TestReport.say("could not run the test command: \(error)", isError: true)
            return .exited(code: 127)
        }
        var interrupted = false
        let status = await withGracefulShutdownHandler {
            await child.exitStatus()
        } onGracefulShutdown: {
            ProcessGroup(id: child.pid).send(.terminate)
        }
        interrupted = Task.isShuttingDownGracefully
        return interrupted ? nil : status
    }
}
