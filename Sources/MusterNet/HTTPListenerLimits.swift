import HummingbirdCore
import NIOCore

/// What every HTTP listener of Muster allows a connection (design §11), as real servers do: a
/// deadline for the first request's head, an idle timeout, and a cap on open connections.
/// Whatever ends a connection, it is closed, never left half-open.
public struct HTTPListenerLimits: Sendable {
    /// How long a new connection may take to send its first request's head (slow headers).
    public var headerTimeout: Duration
    /// How long a connection may stay idle between requests, or while sending one.
    public var idleTimeout: Duration
    /// The most connections open at once; one past it is closed as soon as it is accepted.
    public var maxConnections: Int

    /// Limits as given; the defaults are those of a careful web server.
    public init(headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60), maxConnections: Int = 512)
    {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// HummingbirdCore's configuration of a connection under these limits (the handlers are
    /// made anew for each connection).
    var channelConfiguration: HTTP1Channel.Configuration {
        let headerTimeout = TimeAmount(self.headerTimeout)
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [HeaderDeadlineHandler(timeout: headerTimeout), FullCloseHandler()],
            idleTimeout: TimeAmount(idleTimeout))
    }
}
