/// Consumer operations: SUB, RDY, FIN, REQ, TOUCH, CLS and disconnect.
extension EngineState {
    mutating func subscribe(
        _ consumer: ConsumerID, topic: String, channel: String, sink: any NSQConsumerSink,
        messageTimeout: UInt64, description: NSQClientDescription, now: UInt64
    ) {
        ensureChannel(topic: topic, channel: channel, now: now)
        subscriptions[consumer] = ChannelKey(topic: topic, channel: channel)
        modifyChannel(of: consumer) { channel in
            channel.consumers[consumer] = .init(
                sink: sink, messageTimeout: messageTimeout, sampleRate: description.sampleRate)
            channel.descriptions[consumer] = description
            channel.order.append(consumer)
        }
    }

    mutating func ready(_ consumer: ConsumerID, count: Int, now: UInt64, into deliveries: inout [Delivery]) {
        modifyChannel(of: consumer) { channel in
            guard channel.consumers[consumer]?.closing == false else { return }
            channel.consumers[consumer]?.ready = count
        }
        pump(channelOf: consumer, now: now, into: &deliveries)
    }

    /// Finishes each id; returns the failures as `(id, reason)`.
    mutating func finish(
        _ consumer: ConsumerID, ids: [MessageID], now: UInt64, into deliveries: inout [Delivery]
    ) -> [(MessageID, InFlightFailure)] {
        guard let failures = modifyChannel(of: consumer, { $0.finish(ids, owner: consumer) }) else {
            return ids.map { ($0, .notInFlight) }
        }
        pump(channelOf: consumer, now: now, into: &deliveries)
        return failures
    }

    mutating func requeue(
        _ consumer: ConsumerID, id: MessageID, delay: UInt64, now: UInt64, into deliveries: inout [Delivery]
    ) -> InFlightFailure? {
        let outcome = modifyChannel(of: consumer) { channel -> InFlightFailure? in
            switch channel.takeInFlight(id, owner: consumer) {
            case .failure(let failure):
                return failure
            case .success(let message):
                channel.counters.requeueCount += 1
                channel.consumers[consumer]?.requeueCount += 1
                if delay > 0 {
                    channel.deferred.insert(message, due: now + delay)
                } else {
                    channel.queue.append(message)
                }
                return nil
            }
        }
        guard let outcome else { return .notInFlight }
        pump(channelOf: consumer, now: now, into: &deliveries)
        return outcome
    }

    mutating func touch(_ consumer: ConsumerID, id: MessageID, now: UInt64) -> InFlightFailure? {
        modifyChannel(of: consumer) { channel -> InFlightFailure? in
            let timeout = channel.consumers[consumer]?.messageTimeout
            return channel.inFlight.modify(id) { entry -> InFlightFailure? in
                guard entry.owner == consumer, let timeout else { return .notOwner }
                entry.deadline = min(now + timeout, entry.latestDeadline)
                return nil
            } ?? .notInFlight
        } ?? .notInFlight
    }

    /// CLS: the consumer gets no new messages; its in-flight ones may still be finished.
    mutating func startClosing(_ consumer: ConsumerID) {
        modifyChannel(of: consumer) { channel in
            channel.consumers[consumer]?.ready = 0
            channel.consumers[consumer]?.closing = true
        }
    }

    /// Removes the consumer, requeues its in-flight messages at once and deletes ephemeral leftovers.
    mutating func disconnect(_ consumer: ConsumerID, now: UInt64, into deliveries: inout [Delivery]) {
        guard let key = subscriptions[consumer] else { return }
        let maxTimeout = maxMessageTimeout
        modifyChannel(of: consumer) { channel in
            channel.requeueAll(of: consumer)
            channel.consumers[consumer] = nil
            channel.descriptions[consumer] = nil
            channel.order.removeAll { $0 == consumer }
            channel.pump(now: now, maxMessageTimeout: maxTimeout, into: &deliveries)
        }
        subscriptions[consumer] = nil
        removeEphemeral(key)
    }

    private mutating func removeEphemeral(_ key: ChannelKey) {
        guard let channel = topics[key.topic]?.channels[key.channel],
            channel.isEphemeral, channel.consumers.isEmpty
        else { return }
        topics[key.topic]?.channels[key.channel] = nil
        if let topic = topics[key.topic], topic.isEphemeral, topic.channels.isEmpty {
            topics[key.topic] = nil
        }
    }
}
