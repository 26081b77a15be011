import NIOCore

/// The state of one channel: its queue, deferred messages, in-flight messages and consumers.
struct ChannelState: Sendable {
    struct Consumer: Sendable {
        var sink: any NSQConsumerSink
        /// The sink again when it takes encoded frames.
        var frameSink: (any NSQFrameSink)?
        var ready = 0
        var inFlight = 0
        var messageTimeout: UInt64
        var closing = false

        init(sink: any NSQConsumerSink, messageTimeout: UInt64) {
            self.sink = sink
            self.frameSink = sink as? any NSQFrameSink
            self.messageTimeout = messageTimeout
        }
    }

    typealias InFlight = InFlightTable.Entry

    let name: String
    let isEphemeral: Bool
    var queue = MessageQueue<NSQMessage>()
    var deferred = DeferredHeap()
    var inFlight = InFlightTable()
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
    mutating func put(_ message: consuming NSQMessage, deferUntil due: UInt64?, cap: Int) -> Bool {
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
            let deadline = now + consumer.messageTimeout
            let latestDeadline = now + maxMessageTimeout
            if let frameSink = consumer.frameSink {
                deliveries.append(.frames(frameSink, takeEncoded(count, owner: id, deadline, latestDeadline)))
            } else {
                deliveries.append(.messages(consumer.sink, take(count, owner: id, deadline, latestDeadline)))
            }
            consumer.inFlight += count
            consumers[id] = consumer
        }
    }

    /// Moves `count` queued messages in flight and returns them.
    private mutating func take(_ count: Int, owner: ConsumerID, _ deadline: UInt64, _ latestDeadline: UInt64)
        -> [NSQMessage]
    {
        var batch: [NSQMessage] = []
        batch.reserveCapacity(count)
        for _ in 0..<count {
            var message = queue.popFirst()!
            message.attempts &+= 1
            batch.append(message)
            inFlight.insert(
                InFlight(message: message, owner: owner, deadline: deadline, latestDeadline: latestDeadline))
        }
        return batch
    }

    /// Moves `count` queued messages in flight and returns their message frames.
    private mutating func takeEncoded(
        _ count: Int, owner: ConsumerID, _ deadline: UInt64, _ latestDeadline: UInt64
    ) -> ByteBuffer {
        var frames = ByteBuffer()
        for index in 0..<count {
            var message = queue.popFirst()!
            message.attempts &+= 1
            if index == 0 {
                frames.reserveCapacity(count * (NSQFrame.messageHeaderLength + message.body.readableBytes))
            }
            NSQFrame.writeMessage(message, into: &frames)
            inFlight.insert(
                InFlight(message: consume message, owner: owner, deadline: deadline, latestDeadline: latestDeadline))
        }
        return frames
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
