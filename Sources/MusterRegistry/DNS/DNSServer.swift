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
    /// The bound port, the same for UDP and TCP.
    public let port: Int
    let directory: any DNSServiceDirectory
    let responder: DNSResponder
    let logger: Logger
    private let datagrams: DatagramChannel
    private let listener: ListenerChannel

    private init(
        port: Int, directory: any DNSServiceDirectory, responder: DNSResponder, logger: Logger,
        datagrams: DatagramChannel, listener: ListenerChannel
    ) {
        self.port = port
        self.directory = directory
        self.responder = responder
        self.logger = logger
        self.datagrams = datagrams
        self.listener = listener
    }

    /// Binds UDP and TCP on `port` (0 = any free port) for a responder answering from
    /// `directory`; with `fallsBackToAnyPort`, a port taken at bind time is replaced by a free one
    /// (the same number for UDP and TCP) instead of failing. A TCP connection silent for
    /// `idleTimeout` is closed.
    public static func bind(
        port: Int = DNSServer.standardPort, fallsBackToAnyPort: Bool = false, directory: any DNSServiceDirectory,
        udpAnswerLimit: Int = 3, idleTimeout: TimeAmount = .seconds(30),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "muster.registry.dns")
    ) async throws(DNSServerError) -> DNSServer {
        let bound: (datagrams: DatagramChannel, listener: ListenerChannel)
        do throws(LoopbackBindError) {
            bound = try await LoopbackBinder(group: group).bindDatagramAndStream(
                port: port, fallsBackToAnyPort: fallsBackToAnyPort,
                datagramInitializer: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DNSDatagramErrorFilter(logger: logger))
                        return try DatagramChannel(wrappingChannelSynchronously: channel)
                    }
                },
                childChannelInitializer: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let operations = channel.pipeline.syncOperations
                        try operations.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                        try operations.addHandler(DNSIdleConnectionCloser())
                        try operations.addHandler(ByteToMessageHandler(DNSStreamFrameDecoder()))
                        return try StreamChannel(wrappingChannelSynchronously: channel)
                    }
                })
        } catch {
            throw .bindFailed(port: port, underlying: error.reason)
        }
        let boundPort = bound.datagrams.channel.localAddress?.port ?? port
        logger.info("The DNS responder is listening on 127.0.0.1:\(boundPort) (UDP and TCP).")
        return DNSServer(
            port: boundPort, directory: directory,
            responder: DNSResponder(datacenter: directory.datacenter, udpAnswerLimit: udpAnswerLimit), logger: logger,
            datagrams: bound.datagrams, listener: bound.listener)
    }

    /// Answers queries until graceful shutdown or cancellation, then closes both listeners and
    /// every TCP connection.
    public func run() async throws {
        let (datagrams, listener) = (self.datagrams, self.listener)
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
