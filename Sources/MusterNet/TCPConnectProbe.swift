import NIOCore
import NIOPosix

/// One TCP connect attempt: does `host:port` accept a connection within the timeout? The
/// connection is closed at once. Used by health probes and the registry's TCP checks.
public struct TCPConnectProbe: Sendable {
    /// The host: an IP address or a name to resolve.
    public var host: String
    /// The port.
    public var port: Int
    /// How long connecting may take.
    public var timeout: Duration
    /// Where the connection runs.
    public var eventLoopGroup: any EventLoopGroup

    /// A probe of `host:port` within `timeout`.
    public init(
        host: String, port: Int, timeout: Duration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.host = host
        self.port = port
        self.timeout = timeout
        self.eventLoopGroup = eventLoopGroup
    }

    /// Connects and closes; the error of the attempt when it failed (SwiftNIO's, unchanged).
    public func attempt() async -> Result<Void, any Error> {
        do {
            let bootstrap = ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(.nanoseconds(Self.nanoseconds(timeout)))
                .channelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
            let channel: any Channel
            if let address = try? SocketAddress(ipAddress: host, port: port) {
                channel = try await bootstrap.connect(to: address).get()
            } else {
                channel = try await bootstrap.connect(host: host, port: port).get()
            }
            try? await channel.close()
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// `duration` in whole nanoseconds, at least 1.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
