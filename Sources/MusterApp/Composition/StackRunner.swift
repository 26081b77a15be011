import Logging
import MusterCore
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The composition root of a stack run: binds every listener first (``RuntimeListeners``),
/// makes the supervisor from the plan and the addresses bound, then runs the registrar, the
/// control API, the supervisor and, for `muster test`, the test command. Returns the exit
/// code of design §1.
public struct StackRunner: Sendable {
    /// What the run is for.
    public enum Mode: Sendable {
        /// `muster start`: until the stack ends or is stopped.
        case foreground
        /// `muster test`: until the command has run against the ready stack.
        case test(command: [String], timeout: Duration)
    }

    /// The stack.
    public var plan: StackPlan
    /// How output is printed.
    public var logOptions: LogOptions
    /// Where output goes (standard output by default).
    public var outputFD: Int32 = 1
    /// The control API's preferred TCP port.
    public var apiPort = 7700
    /// Foreground or test.
    public var mode: Mode = .foreground

    /// A runner for `plan`.
    public init(plan: StackPlan, logOptions: LogOptions) {
        self.plan = plan
        self.logOptions = logOptions
    }

    /// Runs until the stack has ended; returns the exit code.
    public func run() async throws -> Int32 {
        // `muster start | head` must not kill Muster: failed writes are handled, not fatal.
        signal(SIGPIPE, SIG_IGN)
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let names = plan.instances.map(\.displayName) + ["muster"]
        let logs = try LogMultiplexer(outputFD: outputFD, options: logOptions, names: names, eventLoopGroup: eventLoops)
        let code: Int32
        do {
            code = try await run(logs: logs, eventLoops: eventLoops)
        } catch {
            await logs.shutdown()
            try await eventLoops.shutdownGracefully()
            throw error
        }
        await logs.shutdown()
        try await eventLoops.shutdownGracefully()
        return code
    }

    /// Refuses a second Muster for the project, then runs the listeners and, on them, the stack.
    private func run(logs: LogMultiplexer, eventLoops: any EventLoopGroup) async throws -> Int32 {
        let socketPath = try ControlSocketLocation.socketPath(forProjectDirectory: plan.directory)
        if case .answering = await ControlSocketProbe.probe(socketPath, eventLoopGroup: eventLoops) {
            refuse(
                "muster is already running for \(plan.directory) (\(socketPath)); stop it with `muster down` or use that one",
                logs: logs)
            return 1
        }
        let sessions = InstanceSessions()
        let listeners = RuntimeListeners(plan: plan, apiPort: apiPort, logs: logs, sessions: sessions)
        let listenerGroup = listeners.group()
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await listenerGroup.run() }
            let code: Int32
            do {
                let runtime = try await listeners.addresses(announcingTo: logs)
                code = try await runStack(on: listeners, runtime: runtime, socketPath: socketPath, logs: logs)
            } catch {
                await listenerGroup.triggerGracefulShutdown()
                throw error
            }
            await listenerGroup.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return code
        }
    }

    /// Runs the stack on listening `listeners` until it has ended; returns the exit code.
    private func runStack(
        on listeners: RuntimeListeners, runtime: RuntimeAddresses, socketPath: String, logs: LogMultiplexer
    ) async throws -> Int32 {
        let supervisor = Supervisor(plan: plan, runtime: runtime, logs: logs)
        let server = ControlServer(
            plane: supervisor, projectDirectory: plan.directory, socketPath: socketPath,
            preferredPort: listeners.controlPort?.port ?? 0, portReservation: listeners.controlPort)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let registry = listeners.registry {
            services.append(.init(service: registry.registrar(plan: plan, transitions: await supervisor.transitions())))
        }
        services += [Self.endingGroup(AfterLaunch(server, supervisor: supervisor)), Self.endingGroup(supervisor)]
        var test: TestCommandService?
        if case .test(let command, let timeout) = mode {
            let environment = plan.visitorEnvironment(named: "muster-test").merging(runtime.environment) { $1 }
            let service = TestCommandService(
                supervisor: supervisor, command: command, environment: environment, timeout: timeout, logs: logs)
            services.append(
                .init(
                    service: service, successTerminationBehavior: .ignore,
                    failureTerminationBehavior: .gracefullyShutdownGroup))
            test = service
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, logger: Logger(label: "muster", factory: { _ in SwiftLogNoOpLogHandler() })))
        do {
            try await group.run()
        } catch let error as ControlError {
            refuse(error.message, logs: logs)
            return 1
        }
        guard let test else { return await supervisor.exitCode }
        let summary = TestSummary(outcome: await test.outcome, status: await supervisor.status())
        return summary.print()
    }

    /// `service` in a group that shuts down gracefully once it ends, however it ends.
    private static func endingGroup(_ service: some Service) -> ServiceGroupConfiguration.ServiceConfiguration {
        .init(
            service: service, successTerminationBehavior: .gracefullyShutdownGroup,
            failureTerminationBehavior: .gracefullyShutdownGroup)
    }

    /// Says why Muster does not run the stack, in its output and, for `muster test` (whose stack
    /// output goes only to files unless attached), on standard error too.
    private func refuse(_ message: String, logs: LogMultiplexer) {
        logs.system(message, level: .error)
        if case .test = mode { TestReport.say(message, isError: true) }
    }
}
