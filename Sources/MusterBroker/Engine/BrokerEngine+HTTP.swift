/// Queries and administrative operations for the nsqd and nsqlookupd HTTP APIs (`shared/protocols.md` §2, §3).
extension BrokerEngine {
    /// Whether the topic exists.
    public func hasTopic(_ topic: String) -> Bool {
        state.withLock { $0.topics[topic] != nil }
    }

    /// Whether the channel exists in the topic.
    public func hasChannel(topic: String, channel: String) -> Bool {
        state.withLock { $0.topics[topic]?.channels[channel] != nil }
    }

    /// The names of all topics, sorted.
    public func topicNames() -> [String] {
        state.withLock { $0.topics.keys.sorted() }
    }

    /// The names of the topic's channels, sorted; `nil` when the topic does not exist.
    public func channelNames(topic: String) -> [String]? {
        state.withLock { $0.topics[topic].map { $0.channels.keys.sorted() } }
    }

    /// Deletes a topic with its channels and messages; returns `false` when it does not exist.
    ///
    /// Like nsqd, it closes the connections of the consumers subscribed to its channels.
    @discardableResult
    public func deleteTopic(_ topic: String) -> Bool {
        perform { state, _, deliveries in state.deleteTopic(topic, into: &deliveries) }
    }

    /// Deletes a channel with its messages; returns `false` when it does not exist.
    ///
    /// Like nsqd, it closes the connections of the consumers subscribed to it.
    @discardableResult
    public func deleteChannel(topic: String, channel: String) -> Bool {
        perform { state, _, deliveries in state.deleteChannel(topic: topic, channel: channel, into: &deliveries) }
    }

    /// Drops the messages buffered at the topic (not those already in its channels); `false` when it does not exist.
    @discardableResult
    public func emptyTopic(_ topic: String) -> Bool {
        perform { state, _, _ in
            guard state.topics[topic] != nil else { return false }
            state.topics[topic]?.backlog.removeAll()
            return true
        }
    }

    /// Drops a channel's queued, deferred and in-flight messages; returns `false` when it does not exist.
    @discardableResult
    public func emptyChannel(topic: String, channel: String) -> Bool {
        perform { state, _, _ in
            guard state.topics[topic]?.channels[channel] != nil else { return false }
            state.topics[topic]?.channels[channel]?.empty()
            return true
        }
    }
}

extension EngineState {
    mutating func deleteTopic(_ name: String, into deliveries: inout [Delivery]) -> Bool {
        guard let topic = topics.removeValue(forKey: name) else { return false }
        subscriptions = subscriptions.filter { $0.value.topic != name }
        for channel in topic.channels.values { Self.closeConsumers(of: channel, into: &deliveries) }
        return true
    }

    mutating func deleteChannel(topic: String, channel: String, into deliveries: inout [Delivery]) -> Bool {
        guard let removed = topics[topic]?.channels.removeValue(forKey: channel) else { return false }
        let key = ChannelKey(topic: topic, channel: channel)
        subscriptions = subscriptions.filter { $0.value != key }
        Self.closeConsumers(of: removed, into: &deliveries)
        return true
    }

    /// Closes the connections of a deleted channel's consumers (in subscription order).
    private static func closeConsumers(of channel: ChannelState, into deliveries: inout [Delivery]) {
        for id in channel.order {
            if let consumer = channel.consumers[id] { deliveries.append(.close(consumer.sink)) }
        }
    }
}

extension ChannelState {
    /// Drops every message; in-flight ones can no longer be finished, and consumers' in-flight counts reset.
    mutating func empty() {
        queue.removeAll()
        deferred.removeAll()
        inFlight.removeAll()
        for id in consumers.keys { consumers[id]?.inFlight = 0 }
    }
}
