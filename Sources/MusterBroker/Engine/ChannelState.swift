/// The state of one channel: its queue, deferred messages, in-flight messages and consumers.
struct ChannelState: Sendable {
    struct Consumer: Sendable {
        var sink: any NSQConsumerSink
        var ready = 0
        var inFlight = 0
        var messageTimeout: UInt64
        var closing = false
    }

    struct InFlight: Sendable {
        var message: NSQMessage
        var owner: ConsumerID
        var deadline: UInt64
        var latestDeadline: UInt64
    }

    let name: String
    let isEphemeral: Bool
    var queue = MessageQueue<NSQMessage>()
    var deferred = DeferredHeap()
    var inFlight: [MessageID: InFlight] = [:]
    var consumers: [ConsumerID: Consumer] = [:]
    var order: [ConsumerID] = []
    var nextConsumer = 0
    var paused = false
    var counters = ChannelCounters()

    init(name: String) {
        self.name = name
        self.isEphemeral = NSQName.isEphemeral(name)
    }

    var hasTimers: Bool { !inFlight.isEmpty || !deferred.isEmpty }

    /// Enqueues a new message (or defers it), dropping and counting it when the queue is full.
    mutating func put(_ message: NSQMessage, deferUntil due: UInt64?, cap: Int) -> Bool {
        counters.messageCount += 1
        if let due {
            deferred.insert(message, due: due)
            return true
        }
        guard queue.count < cap else {
            counters.droppedCount += 1
            return false
        }
        queue.append(message)
        return true
    }

    /// Hands queued messages to consumers with spare RDY, recording them in flight.
    mutating func pump(now: UInt64, maxMessageTimeout: UInt64, into deliveries: inout [Delivery]) {
        guard !paused, !queue.isEmpty, !order.isEmpty else { return }
        let share = max(1, (queue.count + order.count - 1) / order.count)
        var idle = 0
        while !queue.isEmpty, idle < order.count {
            let id = order[nextConsumer % order.count]
            nextConsumer &+= 1
            guard var consumer = consumers[id], !consumer.closing, consumer.ready > consumer.inFlight else {
                idle += 1
                continue
            }
            idle = 0
            let count = min(consumer.ready - consumer.inFlight, queue.count, share)
            var batch: [NSQMessage] = []
            batch.reserveCapacity(count)
            for _ in 0..<count {
                var message = queue.popFirst()!
                message.attempts &+= 1
                inFlight[message.id] = InFlight(
                    message: message, owner: id, deadline: now + consumer.messageTimeout,
                    latestDeadline: now + maxMessageTimeout)
                batch.append(message)
            }
            consumer.inFlight += count
            consumers[id] = consumer
            deliveries.append(Delivery(sink: consumer.sink, messages: batch))
        }
    }

    /// Removes `id` from flight if `owner` holds it; the error reason otherwise.
    mutating func takeInFlight(_ id: MessageID, owner: ConsumerID) -> Result<NSQMessage, InFlightFailure> {
        guard let entry = inFlight[id] else { return .failure(.notInFlight) }
        guard entry.owner == owner else { return .failure(.notOwner) }
        inFlight[id] = nil
        consumers[owner]?.inFlight -= 1
        return .success(entry.message)
    }

    /// Returns every in-flight message of `owner` to the queue.
    mutating func requeueAll(of owner: ConsumerID) {
        let owned = inFlight.values.filter { $0.owner == owner }
        for entry in owned.sorted(by: { $0.message.id < $1.message.id }) {
            inFlight[entry.message.id] = nil
            counters.requeueCount += 1
            queue.append(entry.message)
        }
    }

    /// Requeues timed-out messages and releases due deferred ones.
    mutating func expire(now: UInt64) {
        let expired = inFlight.values.filter { $0.deadline <= now }
        for entry in expired.sorted(by: { $0.message.id < $1.message.id }) {
            inFlight[entry.message.id] = nil
            consumers[entry.owner]?.inFlight -= 1
            counters.timeoutCount += 1
            queue.append(entry.message)
        }
        if let due = deferred.nextDue, due <= now {
            queue.append(contentsOf: deferred.popDue(now))
        }
    }
}

/// Why a FIN, REQ or TOUCH could not be applied.
enum InFlightFailure: Error, Sendable {
    case notInFlight
    case notOwner

    var reason: String {
        switch self {
        case .notInFlight: "ID not in flight"
        case .notOwner: "client does not own message"
        }
    }
}

/// Running totals of one channel, for stats.
struct ChannelCounters: Sendable {
    var messageCount: UInt64 = 0
    var requeueCount: UInt64 = 0
    var timeoutCount: UInt64 = 0
    var droppedCount: UInt64 = 0
}
