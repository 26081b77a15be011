import Logging
import MusterCore
import NIOPosix
import ServiceLifecycle

/// Runs an embedded component (the broker, the registry) alone in the foreground until SIGINT
/// or SIGTERM, printing the addresses services would be told.
enum ForegroundComponent {
    /// What `make` builds from the log output: the component's services and its addresses.
    typealias Parts = (services: [any Service], environment: @Sendable () async throws -> [String: String])

    /// Runs the component `make` builds (nil: it is off); returns the exit code.
    static func run(name: String, _ make: (LogMultiplexer) -> Parts?) async throws -> Int32 {
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let logs = try LogMultiplexer(
            outputFD: 1, options: LogOptions(useColor: false, showTimestamps: true), names: ["muster"],
            eventLoopGroup: eventLoops)
        guard let parts = make(logs) else { return 1 }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: parts.services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigint, .sigterm],
                logger: Logger(label: "muster", factory: { _ in SwiftLogNoOpLogHandler() })))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let addresses = try await parts.environment()
            for (key, value) in addresses.sorted(by: { $0.key < $1.key }) { logs.system("\(key)=\(value)") }
            logs.system("the \(name) is running; Ctrl-C stops it")
            try await tasks.waitForAll()
        }
        await logs.shutdown()
        try await eventLoops.shutdownGracefully()
        return 0
    }
}
