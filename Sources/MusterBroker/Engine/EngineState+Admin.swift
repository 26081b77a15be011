/// Administrative operations for the HTTP layer: create, pause and unpause.
extension EngineState {
    mutating func setTopicPaused(_ name: String, _ paused: Bool, now: UInt64, into deliveries: inout [Delivery]) -> Bool
    {
        guard topics[name] != nil else { return false }
        let cap = configuration.queueCapacity
        let maxTimeout = maxMessageTimeout
        modifyTopic(name) { topic in
            topic.paused = paused
            guard !paused, !topic.channels.isEmpty else { return }
            Self.flushBacklog(&topic, now: now, cap: cap)
            topic.channels.modifyEachValue { $0.pump(now: now, maxMessageTimeout: maxTimeout, into: &deliveries) }
        }
        return true
    }

    mutating func setChannelPaused(
        topic: String, channel: String, _ paused: Bool, now: UInt64, into deliveries: inout [Delivery]
    ) -> Bool {
        guard topics[topic]?.channels[channel] != nil else { return false }
        let maxTimeout = maxMessageTimeout
        topics[topic]?.channels[channel]?.paused = paused
        topics[topic]?.channels[channel]?.pump(now: now, maxMessageTimeout: maxTimeout, into: &deliveries)
        return true
    }

    func stats() -> BrokerStats {
        let topicStats = topics.values.map { topic in
            TopicStats(
                name: topic.name, depth: topic.backlog.count, messageCount: topic.messageCount,
                droppedCount: topic.droppedCount, paused: topic.paused,
                channels: topic.channels.values.map { channel in
                    ChannelStats(
                        name: channel.name, depth: channel.queue.count, inFlightCount: channel.inFlight.count,
                        deferredCount: channel.deferred.count, messageCount: channel.counters.messageCount,
                        requeueCount: channel.counters.requeueCount, timeoutCount: channel.counters.timeoutCount,
                        droppedCount: channel.counters.droppedCount, clientCount: channel.consumers.count,
                        clients: channel.clientStats(), paused: channel.paused)
                }.sorted { $0.name < $1.name })
        }
        return BrokerStats(topics: topicStats.sorted { $0.name < $1.name })
    }
}

extension ChannelState {
    /// The stats of each consumer, in subscription order.
    func clientStats() -> [ClientStats] {
        order.compactMap { id in
            guard let consumer = consumers[id] else { return nil }
            return ClientStats(
                description: descriptions[id] ?? NSQClientDescription(), state: consumer.closing ? 4 : 3,
                readyCount: consumer.ready, inFlightCount: consumer.inFlight, messageCount: consumer.messageCount,
                finishCount: consumer.finishCount, requeueCount: consumer.requeueCount)
        }
    }
}
