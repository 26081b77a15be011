import Logging
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a planned stack in the foreground: the log multiplexer, the supervisor and (in time) the
/// broker, registry and control API, as one service group. Returns the exit code of design §1.
public struct StackRunner: Sendable {
    /// The stack.
    public var plan: StackPlan
    /// How output is printed.
    public var logOptions: LogOptions
    /// `--abort-on-exit`.
    public var abortOnExit: Bool
    /// Where output goes (standard output by default).
    public var outputFD: Int32 = 1

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
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(
                        service: supervisor, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup)
                ],
                logger: Logger(label: "muster", factory: { _ in SwiftLogNoOpLogHandler() })))
        try await group.run()
        await logs.shutdown()
        try await eventLoops.shutdownGracefully()
        return await supervisor.exitCode
    }
}
