import NIOCore
import NIOPosix

/// One `tcp:` attempt: does 127.0.0.1:port accept a connection within the timeout?
struct TCPProbe: Sendable {
    /// The port on 127.0.0.1.
    var port: Int
    /// How long connecting may take.
    var timeout: Duration
    /// Where the connection runs.
    var eventLoopGroup: any EventLoopGroup

    /// Connects, closes at once, and says how it went.
    func attempt() async -> ProbeResult {
        let place = ProbeConnectionFailure.place(host: "127.0.0.1", port: port)
        let channel: any Channel
        do {
            let address = try SocketAddress(ipAddress: "127.0.0.1", port: port)
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(probeTimeout: timeout))
                .channelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
                .connect(to: address).get()
        } catch {
            return .failed(ProbeConnectionFailure.detail(of: error, place: place, timeout: timeout))
        }
        try? await channel.close()
        return .passed("\(place) accepts connections")
    }
}
