/// A snapshot of every topic and channel (the data behind `/stats`).
public struct BrokerStats: Sendable, Equatable {
    /// The topics, sorted by name.
    public var topics: [TopicStats]

    /// The named topic, if it exists.
    public func topic(_ name: String) -> TopicStats? { topics.first { $0.name == name } }
}

/// Counters of one topic.
public struct TopicStats: Sendable, Equatable {
    /// The topic name.
    public var name: String
    /// Messages buffered at the topic (no channel yet, or paused).
    public var depth: Int
    /// Messages published to the topic.
    public var messageCount: UInt64
    /// Messages dropped because the topic backlog was full.
    public var droppedCount: UInt64
    /// Whether the topic is paused.
    public var paused: Bool
    /// The channels, sorted by name.
    public var channels: [ChannelStats]

    /// The named channel, if it exists.
    public func channel(_ name: String) -> ChannelStats? { channels.first { $0.name == name } }
}

/// Counters of one channel.
public struct ChannelStats: Sendable, Equatable {
    /// The channel name.
    public var name: String
    /// Messages queued and ready for delivery.
    public var depth: Int
    /// Messages sent to a client and not yet finished.
    public var inFlightCount: Int
    /// Messages waiting for a DPUB or REQ delay.
    public var deferredCount: Int
    /// Messages put into the channel.
    public var messageCount: UInt64
    /// Messages requeued by REQ or a disconnect.
    public var requeueCount: UInt64
    /// Messages whose in-flight timeout expired.
    public var timeoutCount: UInt64
    /// Messages dropped because the channel queue was full.
    public var droppedCount: UInt64
    /// Subscribed clients.
    public var clientCount: Int
    /// The subscribed clients in subscription order.
    public var clients: [ClientStats]
    /// Whether the channel is paused.
    public var paused: Bool
}
