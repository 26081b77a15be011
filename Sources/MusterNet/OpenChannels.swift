import NIOCore
import Synchronization

/// The connections a listener has accepted and not yet seen close, so that shutdown can reach them.
public final class OpenChannels: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    /// An empty set.
    public init() {}

    /// Adds `channel` until it closes.
    public func insert(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = channels.withLock { $0.removeValue(forKey: key) }
        }
    }

    /// The connections open now.
    public var all: [any Channel] {
        channels.withLock { Array($0.values) }
    }

    /// Tells every open connection to finish what it is doing and close (`ChannelShouldQuiesceEvent`).
    public func quiesce() {
        for channel in all {
            channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }
}
