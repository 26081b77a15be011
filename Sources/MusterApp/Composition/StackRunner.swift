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

/// The composition root of a stack run, in one direction: binds every listener
/// (``RuntimeListeners``), creates the supervisor from the plan and the addresses bound, then runs
/// the embedded servers, the registrar, the control API, the supervisor and, for `muster test`,
/// the test command as one service group. Returns the exit code of design §1.
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

    /// Binds the listeners (or refuses to run), then runs the stack on them.
    private func run(logs: LogMultiplexer, eventLoops: any EventLoopGroup) async throws -> Int32 {
        let sessions = InstanceSessions()
        let listeners: RuntimeListeners
        do {
            listeners = try await RuntimeListeners.bind(
                plan: plan, apiPort: apiPort, logs: logs, sessions: sessions, eventLoops: eventLoops)
        } catch let error as ControlError {
            refuse(error.message, logs: logs)
            return 1
        }
        plan.warnings.forEach { logs.system("warning: \($0)", level: .error) }
        listeners.announcements.forEach { logs.system($0) }
        let code: Int32
        do {
            code = try await runStack(on: listeners, logs: logs)
        } catch {
            await listeners.control.close()
            throw error
        }
        await listeners.control.close()
        return code
    }

    /// Runs the stack on bound `listeners` until it has ended; returns the exit code.
    private func runStack(on listeners: RuntimeListeners, logs: LogMultiplexer) async throws -> Int32 {
        let runtime = listeners.addresses
        let supervisor = Supervisor(plan: plan, runtime: runtime, logs: logs)
        // The embedded servers first: they start before the services and stop after them.
        var services = ((listeners.broker?.services ?? []) + (listeners.registry?.services ?? [])).map {
            Self.endingGroup($0)
        }
        if let registry = listeners.registry {
            services.append(.init(service: registry.registrar(plan: plan, transitions: await supervisor.transitions())))
        }
        let server = ControlServer(plane: supervisor, listeners: listeners.control)
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
    private static func endingGroup(_ service: any Service) -> ServiceGroupConfiguration.ServiceConfiguration {
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
