import NIOCore
import NIOPosix

/// Binds Muster's listeners on 127.0.0.1 (or a unix socket): a preferred port, a free one when
/// it is taken and falling back is allowed (0 = any port), close-on-exec sockets handed to
/// SwiftNIO. Binding is separate from serving: a caller binds every listener, learns the ports,
/// and serves later.
public struct LoopbackBinder: Sendable {
    /// The event loops the listeners run on.
    public let group: any EventLoopGroup

    /// A binder whose listeners run on `group`.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    /// Binds a TCP listener on 127.0.0.1:`port` (a free port instead when it is taken and
    /// `fallsBackToAnyPort`; 0 = any port). `configure` sets options of the bootstrap; each
    /// accepted connection becomes the value `childChannelInitializer` makes of it.
    public func bind<Output: Sendable>(
        port: Int, fallsBackToAnyPort: Bool, childGroup: (any EventLoopGroup)? = nil,
        configure: (ServerBootstrap) -> ServerBootstrap = { $0 },
        childChannelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Output>
    ) async throws(LoopbackBindError) -> NIOAsyncChannel<Output, Never> {
        let socket: LoopbackSocket
        switch LoopbackPorts.bind(preferring: port, fallsBack: fallsBackToAnyPort, backlog: Self.backlog) {
        case .success(let bound): socket = bound
        case .failure(let failure): throw .failed(address: "127.0.0.1:\(port)", reason: failure.description)
        }
        return try await adopt(address: "127.0.0.1:\(port)") {
            try await configure(bootstrap(childGroup))
                .bind(socket.descriptor, childChannelInitializer: childChannelInitializer)
        }
    }

    /// Binds a listener on the unix socket at `path` (which must not exist).
    public func bind<Output: Sendable>(
        unixSocketPath path: String, configure: (ServerBootstrap) -> ServerBootstrap = { $0 },
        childChannelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Output>
    ) async throws(LoopbackBindError) -> NIOAsyncChannel<Output, Never> {
        do {
            return try await configure(bootstrap(nil))
                .bind(unixDomainSocketPath: path, childChannelInitializer: childChannelInitializer)
        } catch {
            throw .failed(address: path, reason: "\(error)")
        }
    }

    /// Binds UDP and TCP on the same port of 127.0.0.1: `port`, or (when it is taken and
    /// `fallsBackToAnyPort`, or for 0) a port free for both.
    public func bindDatagramAndStream<Datagrams: Sendable, Connection: Sendable>(
        port: Int, fallsBackToAnyPort: Bool, configure: (ServerBootstrap) -> ServerBootstrap = { $0 },
        datagramInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Datagrams>,
        childChannelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Connection>
    ) async throws(LoopbackBindError) -> (datagrams: Datagrams, listener: NIOAsyncChannel<Connection, Never>) {
        let (udp, tcp) = try Self.socketPair(port: port, fallsBack: fallsBackToAnyPort)
        let address = "127.0.0.1:\(udp.port)"
        // SwiftNIO cannot adopt a bound UDP socket: the one that found the port free for both is
        // closed and SwiftNIO binds the same port at once.
        udp.close()
        let datagrams: Datagrams
        do {
            datagrams = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: "127.0.0.1", port: udp.port, channelInitializer: datagramInitializer)
        } catch {
            tcp.close()
            throw .failed(address: address, reason: "\(error)")
        }
        let listener = try await adopt(address: address) {
            try await configure(bootstrap(nil)).bind(tcp.descriptor, childChannelInitializer: childChannelInitializer)
        }
        return (datagrams, listener)
    }

    /// The listen backlog of every TCP listener.
    static let backlog: Int32 = 256

    /// A UDP and a listening TCP socket on the same port, trying a few ports when falling back.
    private static func socketPair(port: Int, fallsBack: Bool) throws(LoopbackBindError) -> (
        LoopbackSocket, LoopbackSocket
    ) {
        var reason = ""
        attempts: for attempt in 0..<8 {
            let first = attempt == 0
            let udp: LoopbackSocket
            switch LoopbackPorts.bind(
                preferring: first ? port : 0, fallsBack: first ? fallsBack : true, kind: .datagram)
            {
            case .success(let socket): udp = socket
            case .failure(let failure): throw .failed(address: "127.0.0.1:\(port)", reason: failure.description)
            }
            switch LoopbackSocket.bind(port: udp.port, backlog: backlog) {
            case .success(let tcp): return (udp, tcp)
            case .failure(let failure):
                udp.close()
                reason = failure.description
                if first && port != 0 && !fallsBack { break attempts }
            }
        }
        throw .failed(address: "127.0.0.1:\(port)", reason: reason)
    }

    private func bootstrap(_ childGroup: (any EventLoopGroup)?) -> ServerBootstrap {
        ServerBootstrap(group: group, childGroup: childGroup ?? group)
            .serverChannelOption(.backlog, value: Self.backlog)
    }

    /// Hands a bound socket to SwiftNIO through `body` (which then owns it), naming `address` when that fails.
    private func adopt<Output>(
        address: String, _ body: () async throws -> Output
    ) async throws(LoopbackBindError) -> Output {
        do {
            return try await body()
        } catch {
            throw .failed(address: address, reason: "\(error)")
        }
    }
}

/// Why a listener could not be bound.
public enum LoopbackBindError: Error, CustomStringConvertible {
    /// Binding `address` failed for `reason`.
    case failed(address: String, reason: String)

    /// Why, in a few words (`bind: Address already in use`).
    public var reason: String {
        switch self {
        case .failed(_, let reason): reason
        }
    }

    /// A full-sentence description.
    public var description: String {
        switch self {
        case .failed(let address, let reason):
            "Muster could not listen on \(address) (\(reason)); choose a free port in the configuration."
        }
    }
}
