import MusterNet
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of an HTTP or TCP check (`shared/protocols.md` §4.9).
struct CheckProbe: Sendable {
    /// What one run found.
    struct Result: Sendable, Hashable {
        /// The status it sets.
        var status: CheckStatus
        /// The check's new `Output`.
        var output: String
    }

    enum Target: Sendable {
        case http(HTTPCheckTarget)
        case tcp(host: String, port: Int)
    }

    let target: Target
    let timeout: Duration
    let eventLoopGroup: any EventLoopGroup

    /// The probe of a check of `kind`; nil for kinds the registry does not run.
    init?(
        kind: RegistryCheck.Kind, timeout: Duration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        switch kind {
        case .http(let target): self.target = .http(target)
        case .tcp(let host, let port): self.target = .tcp(host: host, port: port)
        default: return nil
        }
        self.timeout = timeout
        self.eventLoopGroup = eventLoopGroup
    }

    /// Runs the probe once.
    func run() async -> Result {
        switch target {
        case .http(let target):
            return await HTTPCheckRequest(target: target, timeout: timeout, eventLoopGroup: eventLoopGroup).run()
        case .tcp(let host, let port):
            return await connect(host: host, port: port)
        }
    }

    private func connect(host: String, port: Int) async -> Result {
        let place = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let probe = TCPConnectProbe(host: host, port: port, timeout: timeout, eventLoopGroup: eventLoopGroup)
        switch await probe.attempt() {
        case .success:
            return Result(status: .passing, output: "TCP connect \(place): Success")
        case .failure(let error):
            return Result(status: .critical, output: "dial tcp \(place): \(Self.describe(error))")
        }
    }

    /// A connection error in a few words (`connect: connection refused`, `i/o timeout`).
    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            return "lookup \(error.host): no such host"
        }
        if let error = error as? IOError {
            return "connect: " + String(cString: strerror(error.errnoCode)).lowercased()
        }
        if case ChannelError.connectTimeout = error { return "i/o timeout" }
        if case HTTPExchange.Failure.timedOut(let timeout) = error {
            return "request timed out after \(GoDuration.format(timeout))"
        }
        if let error = error as? HTTPExchange.Failure { return error.description }
        return "\(error)"
    }
}
