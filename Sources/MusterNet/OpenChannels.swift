import NIOCore
import Synchronization

/// The connections a listener has accepted and not yet seen close, so that shutdown can reach
/// them, up to a limit.
public final class OpenChannels: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])
    private let limit: Int

    /// An empty set that holds at most `limit` connections.
    public init(limit: Int = .max) {
        self.limit = limit
    }

    /// Adds `channel` until it closes; false (and not added) when the set is full.
    @discardableResult
    public func insert(_ channel: any Channel) -> Bool {
        let key = ObjectIdentifier(channel)
        let added = channels.withLock { channels in
            guard channels.count < limit else { return false }
            channels[key] = channel
            return true
        }
        guard added else { return false }
        channel.closeFuture.whenComplete { [self] _ in
            _ = channels.withLock { $0.removeValue(forKey: key) }
        }
        return true
    }

    /// How many are open.
    public var count: Int { channels.withLock { $0.count } }

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
