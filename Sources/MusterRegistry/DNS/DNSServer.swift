import Logging
import MusterNet
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The DNS responder for `consul.` (`shared/protocols.md` §5) on 127.0.0.1, UDP and TCP on the
/// same port, answering from a `DNSServiceDirectory` until graceful shutdown.
public final class DNSServer: Service, Sendable {
    typealias DatagramChannel = NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
    typealias StreamChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>
    typealias ListenerChannel = NIOAsyncChannel<StreamChannel, Never>

    /// Consul's standard DNS port.
    public static let standardPort = 8600
    private let requestedPort: Int
    private let fallsBackToAnyPort: Bool
    let directory: any DNSServiceDirectory
    let responder: DNSResponder
    private let idleTimeout: TimeAmount
    private let group: any EventLoopGroup
    let logger: Logger
    private let readiness = PortReadiness()

    /// A responder for `port` (0 = any free port) answering from `directory`; with
    /// `fallsBackToAnyPort`, a port taken at bind time is replaced by a free one (the same number
    /// for UDP and TCP) instead of failing. A TCP connection silent for `idleTimeout` is closed.
    public init(
        port: Int = DNSServer.standardPort, fallsBackToAnyPort: Bool = false, directory: any DNSServiceDirectory,
        udpAnswerLimit: Int = 3, idleTimeout: TimeAmount = .seconds(30),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.registry.dns")
    ) {
        self.requestedPort = port
        self.idleTimeout = idleTimeout
        self.fallsBackToAnyPort = fallsBackToAnyPort
        self.directory = directory
        self.responder = DNSResponder(datacenter: directory.datacenter, udpAnswerLimit: udpAnswerLimit)
        self.group = group
        self.logger = logger
    }

    /// Waits until both listeners are bound and returns their port.
    public func boundPort() async throws -> Int {
        try await readiness.port()
    }

    /// Binds UDP and TCP, answers queries, and on graceful shutdown closes both listeners and
    /// every TCP connection.
    public func run() async throws {
        let (datagrams, listener): (DatagramChannel, ListenerChannel)
        do {
            (datagrams, listener) = try await bindBoth()
        } catch {
            readiness.settle(.failure(error))
            throw error
        }
        let port = datagrams.channel.localAddress?.port ?? requestedPort
        readiness.settle(.success(port))
        logger.info("The DNS responder is listening on 127.0.0.1:\(port) (UDP and TCP).")
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.serveDatagrams(datagrams) }
                group.addTask { try await self.serveConnections(listener) }
                try await group.waitForAll()
            }
        } onCancelOrGracefulShutdown: {
            datagrams.channel.close(promise: nil)
            listener.channel.close(promise: nil)
        }
    }

    /// Binds the requested port, or with the fallback (or for port 0) a port the kernel picks for
    /// UDP that is then also free for TCP.
    private func bindBoth() async throws -> (DatagramChannel, ListenerChannel) {
        var lastError: any Error
        do {
            return try await bindBoth(port: requestedPort)
        } catch {
            guard requestedPort == 0 || fallsBackToAnyPort else {
                throw DNSServerError.bindFailed(port: requestedPort, underlying: "\(error)")
            }
            lastError = error
        }
        for _ in 0..<8 {
            do {
                return try await bindBoth(port: 0)
            } catch {
                lastError = error
            }
        }
        throw DNSServerError.bindFailed(port: requestedPort, underlying: "\(lastError)")
    }

    private func bindBoth(port: Int) async throws -> (DatagramChannel, ListenerChannel) {
        let datagrams = try await bindDatagrams(port: port)
        do {
            let listener = try await bindListener(port: datagrams.channel.localAddress?.port ?? port)
            return (datagrams, listener)
        } catch {
            try? await datagrams.executeThenClose { _, _ in }
            throw error
        }
    }

    private func bindDatagrams(port: Int) async throws -> DatagramChannel {
        try await DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: port) { [logger] channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(DNSDatagramErrorFilter(logger: logger))
                return try DatagramChannel(wrappingChannelSynchronously: channel)
            }
        }
    }

    private func bindListener(port: Int) async throws -> ListenerChannel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: port) { [idleTimeout] channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    try operations.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                    try operations.addHandler(DNSIdleConnectionCloser())
                    try operations.addHandler(ByteToMessageHandler(DNSStreamFrameDecoder()))
                    return try StreamChannel(wrappingChannelSynchronously: channel)
                }
            }
    }
}

/// Errors of the DNS responder.
public enum DNSServerError: Error, CustomStringConvertible {
    /// The UDP or TCP listener could not be bound.
    case bindFailed(port: Int, underlying: String)

    /// A full-sentence description.
    public var description: String {
        switch self {
        case .bindFailed(let port, let underlying):
            "The DNS responder could not listen on 127.0.0.1:\(port) for both UDP and TCP (\(underlying)); choose a free port in the configuration."
        }
    }
}
