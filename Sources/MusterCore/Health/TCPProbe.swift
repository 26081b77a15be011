import MusterNet
import NIOCore

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
        let probe = TCPConnectProbe(host: "127.0.0.1", port: port, timeout: timeout, eventLoopGroup: eventLoopGroup)
        switch await probe.attempt() {
        case .success:
            return .passed("\(place) accepts connections")
        case .failure(let error):
            return .failed(ProbeConnectionFailure.detail(of: error, place: place, timeout: timeout))
        }
    }
}
