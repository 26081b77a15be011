import NIOCore

/// All topics and channels; mutated only under ``BrokerEngine``'s lock. Effects are returned as deliveries.
struct EngineState: Sendable {
    struct ChannelKey: Hashable, Sendable {
        var topic: String
        var channel: String
    }

    let configuration: BrokerConfiguration
    var topics: [String: TopicState] = [:]
    var subscriptions: [ConsumerID: ChannelKey] = [:]
    var nextMessageID: UInt64 = 0
    var timersArmed = false
    var dropReported = false

    init(configuration: BrokerConfiguration) {
        self.configuration = configuration
    }

    var maxMessageTimeout: UInt64 { UInt64(configuration.limits.maxMessageTimeoutMilliseconds) * 1_000_000 }

    /// Publishes bodies to `topic`, creating it; returns how many copies were dropped by a full queue.
    mutating func publish(
        topic name: String, bodies: [ByteBuffer], deferNanoseconds: UInt64, now: UInt64, timestamp: Int64,
        into deliveries: inout [Delivery]
    ) -> Int {
        let cap = configuration.queueCapacity
        let maxTimeout = maxMessageTimeout
        var dropped = 0
        var idBase = nextMessageID
        nextMessageID += UInt64(bodies.count)
        let due: UInt64? = deferNanoseconds > 0 ? now + deferNanoseconds : nil
        modifyTopic(name) { topic in
            topic.messageCount += UInt64(bodies.count)
            if topic.holdsMessages {
                for body in bodies {
                    idBase += 1
                    let message = NSQMessage(id: MessageID(rawValue: idBase), timestamp: timestamp, body: body)
                    if !topic.buffer(.init(message: message, deferNanoseconds: deferNanoseconds), cap: cap) {
                        dropped += 1
                    }
                }
                return
            }
            topic.channels.modifyEachValue { channel in
                var id = idBase
                for body in bodies {
                    id += 1
                    let message = NSQMessage(id: MessageID(rawValue: id), timestamp: timestamp, body: body)
                    if !channel.put(message, deferUntil: due, cap: cap) { dropped += 1 }
                }
                channel.pump(now: now, maxMessageTimeout: maxTimeout, into: &deliveries)
            }
        }
        return dropped
    }

    /// Creates the topic if needed and runs `body` on it in place.
    mutating func modifyTopic<R>(_ name: String, _ body: (inout TopicState) -> R) -> R {
        body(&topics[name, default: TopicState(name: name)])
    }

    /// Creates the channel if needed (moving a topic's backlog into its first channel).
    mutating func ensureChannel(topic: String, channel: String, now: UInt64) {
        let cap = configuration.queueCapacity
        modifyTopic(topic) { topic in
            guard topic.channels[channel] == nil else { return }
            let first = topic.channels.isEmpty
            topic.channels[channel] = ChannelState(name: channel)
            if first, !topic.paused { Self.flushBacklog(&topic, now: now, cap: cap) }
        }
    }

    static func flushBacklog(_ topic: inout TopicState, now: UInt64, cap: Int) {
        while let pending = topic.backlog.popFirst() {
            let due = pending.deferNanoseconds > 0 ? now + pending.deferNanoseconds : nil
            topic.channels.modifyEachValue { _ = $0.put(pending.message, deferUntil: due, cap: cap) }
        }
    }

    /// Runs `body` on the channel `consumer` is subscribed to, if any.
    mutating func modifyChannel<R>(of consumer: ConsumerID, _ body: (inout ChannelState) -> R) -> R? {
        guard let key = subscriptions[consumer] else { return nil }
        return topics[key.topic]?.channels[key.channel]?.apply(body)
    }

    /// Pumps the channel of `consumer`.
    mutating func pump(channelOf consumer: ConsumerID, now: UInt64, into deliveries: inout [Delivery]) {
        let maxTimeout = maxMessageTimeout
        modifyChannel(of: consumer) { $0.pump(now: now, maxMessageTimeout: maxTimeout, into: &deliveries) }
    }

    /// Whether any channel has messages in flight or deferred, or any backlog has deferred messages.
    var hasTimers: Bool {
        topics.values.contains { topic in topic.channels.values.contains { $0.hasTimers } }
    }

    /// Expires in-flight messages, releases deferred ones and redelivers; returns whether timers remain.
    mutating func scan(now: UInt64, into deliveries: inout [Delivery]) -> Bool {
        let maxTimeout = maxMessageTimeout
        var pending = false
        topics.modifyEachValue { topic in
            topic.channels.modifyEachValue { channel in
                guard channel.hasTimers else { return }
                channel.expire(now: now)
                channel.pump(now: now, maxMessageTimeout: maxTimeout, into: &deliveries)
                pending = pending || channel.hasTimers
            }
        }
        timersArmed = pending
        return pending
    }
}

extension ChannelState {
    /// Runs `body` on this channel in place (for `topics[name]?.channels[name]?.apply(body)`).
    fileprivate mutating func apply<R>(_ body: (inout ChannelState) -> R) -> R { body(&self) }
}
