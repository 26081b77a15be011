import Logging
import MusterCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a planned stack in the foreground: the control API, the supervisor and, for
/// `muster test`, the test command, as one service group. Returns the exit code of design §1.
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
    /// `--abort-on-exit`.
    public var abortOnExit: Bool
    /// Where output goes (standard output by default).
    public var outputFD: Int32 = 1
    /// The control API's preferred TCP port.
    public var apiPort = 7700
    /// Foreground or test.
    public var mode: Mode = .foreground

    /// A runner for `plan`.
    public init(plan: StackPlan, logOptions: LogOptions, abortOnExit: Bool = false) {
        self.plan = plan
        self.logOptions = logOptions
        self.abortOnExit = abortOnExit
    }

    /// Runs until the stack has ended; returns the exit code.
    public func run() async throws -> Int32 {
        // `muster start | head` must not kill Muster: failed writes are handled, not fatal.
        signal(SIGPIPE, SIG_IGN)
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let names = plan.instances.map(\.displayName) + ["muster"]
        let logs = try LogMultiplexer(outputFD: outputFD, options: logOptions, names: names, eventLoopGroup: eventLoops)
        let supervisor = Supervisor(plan: plan, logs: logs, options: .init(abortOnExit: abortOnExit))
        // Refuse a second Muster before anything starts, and bind every listener up front so
        // that services are told the addresses really bound, without waiting for them.
        let listeners: ControlListeners
        do {
            listeners = try await ControlListeners.bind(
                projectDirectory: plan.directory, preferredPort: apiPort, eventLoopGroup: eventLoops)
        } catch {
            refuse(error.message, logs: logs)
            await logs.shutdown()
            try await eventLoops.shutdownGracefully()
            return 1
        }
        let server = ControlServer(plane: supervisor, listeners: listeners)
        let broker: EmbeddedBroker?
        let registry: EmbeddedRegistry?
        do {
            broker = try await EmbeddedBroker.bind(plan.broker, logs: logs)
            registry = try await EmbeddedRegistry.bind(plan.registry, logs: logs, supervisor: supervisor)
        } catch {
            await listeners.close()
            throw error
        }
        await supervisor.setStartGate {
            var environment = ["MUSTER_API": listeners.url]
            if let broker {
                environment.merge(broker.environment) { $1 }
                logs.system(broker.announcement)
            }
            if let registry {
                environment.merge(registry.environment) { $1 }
                logs.system(registry.announcement)
            }
            return environment
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(
                service: AfterLaunch(server, supervisor: supervisor),
                successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(
                service: supervisor, successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if let broker {
            // First in the group: they start before the services and stop after them.
            services.insert(
                contentsOf: broker.services.map {
                    .init(
                        service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup)
                }, at: 0)
        }
        if let registry {
            services.insert(contentsOf: await registry.groupServices(plan: plan, supervisor: supervisor), at: 0)
        }
        var test: TestCommandService?
        if case .test(let command, let timeout) = mode {
            let service = TestCommandService(
                supervisor: supervisor, command: command, environment: plan.visitorEnvironment(named: "muster-test"), timeout: timeout, logs: logs,
                controlURL: { listeners.url })
            services.append(
                .init(
                    service: service, successTerminationBehavior: .ignore,
                    failureTerminationBehavior: .gracefullyShutdownGroup))
            test = service
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, logger: Logger(label: "muster", factory: { _ in SwiftLogNoOpLogHandler() })))
        var refused: ControlError?
        do {
            try await group.run()
        } catch let error as ControlError {
            refuse(error.message, logs: logs)
            refused = error
        }
        await listeners.close()
        await logs.shutdown()
        try await eventLoops.shutdownGracefully()
        if refused != nil { return 1 }
        guard let test else { return await supervisor.exitCode }
        let summary = TestSummary(outcome: await test.outcome, status: await supervisor.status())
        return summary.print()
    }

    /// Says why Muster does not run the stack, in its output and, for `muster test` (whose stack
    /// output goes only to files unless attached), on standard error too.
    private func refuse(_ message: String, logs: LogMultiplexer) {
        logs.system(message, level: .error)
        if case .test = mode { TestReport.say(message, isError: true) }
    }
}
