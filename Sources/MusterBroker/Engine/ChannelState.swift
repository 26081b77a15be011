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
        /// The percentage of messages this consumer gets (0: all); the others are dropped, as in nsqd.
        var sampleRate: Int
        var messageCount: UInt64 = 0
        var finishCount: UInt64 = 0
        var requeueCount: UInt64 = 0

        init(sink: any NSQConsumerSink, messageTimeout: UInt64, sampleRate: Int) {
            self.sink = sink
            self.frameSink = sink as? any NSQFrameSink
            self.messageTimeout = messageTimeout
            self.sampleRate = sampleRate
        }

        /// Counts `count` of its messages finished.
        mutating func finished(_ count: Int) {
            inFlight -= count
            finishCount += UInt64(count)
        }
    }

    typealias InFlight = InFlightTable.Entry

    let name: String
    let isEphemeral: Bool
    var queue = MessageQueue<NSQMessage>()
    var deferred = DeferredHeap()
    var inFlight = InFlightTable()
    var consumers: [ConsumerID: Consumer] = [:]
    /// The identity of each consumer, for stats.
    var descriptions: [ConsumerID: NSQClientDescription] = [:]
    var order: [ConsumerID] = []
    var nextConsumer = 0
    var paused = false
    var counters = ChannelCounters()
    var sampler = SampleGenerator()

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
            let taken: Int
            if let frameSink = consumer.frameSink {
                let frames: ByteBuffer
                (frames, taken) = takeEncoded(count, for: id, consumer.sampleRate, deadline, latestDeadline)
                if taken > 0 { deliveries.append(.frames(frameSink, frames)) }
            } else {
                let batch = take(count, for: id, consumer.sampleRate, deadline, latestDeadline)
                taken = batch.count
                if taken > 0 { deliveries.append(.messages(consumer.sink, batch)) }
            }
            consumer.inFlight += taken
            consumer.messageCount += UInt64(taken)
            consumers[id] = consumer
        }
    }

    /// The next queued message for a consumer sampling `rate` percent (0: all); like nsqd, the
    /// messages sampled out are taken off the channel and dropped.
    private mutating func popSampled(_ rate: Int) -> NSQMessage? {
        guard rate > 0 else { return queue.popFirst() }
        while let message = queue.popFirst() {
            if sampler.keeps(rate: rate) { return message }
        }
        return nil
    }

    /// Moves up to `count` queued messages in flight and returns them.
    private mutating func take(
        _ count: Int, for owner: ConsumerID, _ rate: Int, _ deadline: UInt64, _ latestDeadline: UInt64
    ) -> [NSQMessage] {
        var batch: [NSQMessage] = []
        batch.reserveCapacity(count)
        while batch.count < count, var message = popSampled(rate) {
            message.attempts &+= 1
            batch.append(message)
            inFlight.insert(
                InFlight(message: message, owner: owner, deadline: deadline, latestDeadline: latestDeadline))
        }
        return batch
    }

    /// Moves up to `count` queued messages in flight and returns their message frames and how many there are.
    private mutating func takeEncoded(
        _ count: Int, for owner: ConsumerID, _ rate: Int, _ deadline: UInt64, _ latestDeadline: UInt64
    ) -> (ByteBuffer, Int) {
        var frames = ByteBuffer()
        var taken = 0
        while taken < count, var message = popSampled(rate) {
            message.attempts &+= 1
            if taken == 0 {
                frames.reserveCapacity(count * (NSQFrame.messageHeaderLength + message.body.readableBytes))
            }
            taken += 1
            NSQFrame.writeMessage(message, into: &frames)
            inFlight.insert(
                InFlight(message: consume message, owner: owner, deadline: deadline, latestDeadline: latestDeadline))
        }
        return (frames, taken)
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
