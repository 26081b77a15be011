import Logging
import NIOPosix
import ServiceLifecycle

/// `muster broker`: the embedded broker alone, in the foreground, until SIGINT or SIGTERM.
public struct BrokerRunner: Sendable {
    /// Preferred ports by name (`tcp_port`, `http_port`, `lookupd_http_port`); 0 = any free port.
    public var ports: [String: Int]

    /// A runner preferring `ports`.
    public init(ports: [String: Int] = [:]) { self.ports = ports }

    /// Runs until a signal stops it; returns the exit code.
    public func run() async throws -> Int32 {
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let logs = try LogMultiplexer(
            outputFD: 1, options: LogOptions(useColor: false, showTimestamps: true), names: ["muster"],
            eventLoopGroup: eventLoops)
        guard let broker = EmbeddedBroker(.enabled(ports: ports), logs: logs) else { return 1 }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: broker.services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigint, .sigterm],
                logger: Logger(label: "muster", factory: { _ in SwiftLogNoOpLogHandler() })))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let addresses = try await broker.environment()
            for key in addresses.keys.sorted() { logs.system("\(key)=\(addresses[key]!)") }
            logs.system("the broker is running; Ctrl-C stops it")
            try await tasks.waitForAll()
        }
        await logs.shutdown()
        try await eventLoops.shutdownGracefully()
        return 0
    }
}
