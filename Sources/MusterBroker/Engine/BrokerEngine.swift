import Logging
import NIOCore
import Synchronization

/// The topics/channels engine (`shared/protocols.md` §1.8), safe to call from any thread.
///
/// State lives behind one lock and every call does a whole batch (an MPUB, a read's worth of FINs)
/// in one critical section; message writes happen after the lock is released, one hop per consumer batch.
public final class BrokerEngine: Sendable {
    let state: Mutex<EngineState>
    private let wakeup = Mutex<(@Sendable () -> Void)?>(nil)
    /// The configuration the engine was created with.
    public let configuration: BrokerConfiguration
    let logger: Logger

    /// Creates an empty engine.
    public init(
        configuration: BrokerConfiguration = BrokerConfiguration(), logger: Logger = Logger(label: "muster.broker")
    ) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(EngineState(configuration: configuration))
    }

    /// Sets the handler called (outside the lock) when timers become pending; it must arrange ``scan()`` calls.
    public func setTimerWakeup(_ handler: @escaping @Sendable () -> Void) {
        wakeup.withLock { $0 = handler }
    }

    func perform<R>(arms: Bool = false, _ body: (inout EngineState, UInt64, inout [Delivery]) -> R) -> R {
        let now = configuration.clock.monotonicNanoseconds()
        var deliveries: [Delivery] = []
        let (result, arm) = state.withLock { state -> (R, Bool) in
            let result = body(&state, now, &deliveries)
            let arm = !state.timersArmed && (arms || !deliveries.isEmpty)
            if arm { state.timersArmed = true }
            return (result, arm)
        }
        for delivery in deliveries { delivery.perform() }
        if arm { wakeup.withLock { $0 }?() }
        return result
    }

    /// Publishes messages to `topic` (created if new), deferred by `deferMilliseconds` when positive.
    public func publish(topic: String, bodies: [ByteBuffer], deferMilliseconds: Int64 = 0) {
        let timestamp = configuration.clock.unixNanoseconds()
        let deferNanoseconds = UInt64(max(deferMilliseconds, 0)) * 1_000_000
        let firstDrop = perform(arms: deferNanoseconds > 0) { state, now, deliveries -> Bool in
            let dropped = state.publish(
                topic: topic, bodies: bodies, deferNanoseconds: deferNanoseconds, now: now,
                timestamp: timestamp, into: &deliveries)
            guard dropped > 0, !state.dropReported else { return false }
            state.dropReported = true
            return true
        }
        if firstDrop {
            logger.warning(
                "The broker dropped messages for topic \(topic) because a queue reached its capacity of \(configuration.queueCapacity); drops are counted in the stats."
            )
        }
    }

    /// Creates a topic if it does not exist.
    public func createTopic(_ topic: String) {
        perform { state, _, _ in state.modifyTopic(topic) { _ in } }
    }

    /// Creates a channel (and its topic) if it does not exist.
    public func createChannel(topic: String, channel: String) {
        perform { state, now, _ in state.ensureChannel(topic: topic, channel: channel, now: now) }
    }

    /// Subscribes a consumer; it receives nothing until ``ready(_:count:)``.
    ///
    /// `description` identifies the client in the stats; its `sampleRate`, when positive, limits the
    /// consumer to about that percentage of the channel's messages and drops the others (as nsqd does).
    public func subscribe(
        _ consumer: ConsumerID, topic: String, channel: String, messageTimeoutMilliseconds: Int64,
        description: NSQClientDescription = NSQClientDescription(), sink: any NSQConsumerSink
    ) {
        perform(arms: true) { state, now, _ in
            state.subscribe(
                consumer, topic: topic, channel: channel, sink: sink,
                messageTimeout: UInt64(messageTimeoutMilliseconds) * 1_000_000, description: description, now: now)
        }
    }

    /// Sets the consumer's RDY count and delivers what it allows.
    public func ready(_ consumer: ConsumerID, count: Int) {
        perform { state, now, deliveries in state.ready(consumer, count: count, now: now, into: &deliveries) }
    }

    /// Finishes messages; returns the ids that failed with their nsqd reason text.
    public func finish(_ consumer: ConsumerID, ids: [MessageID]) -> [(MessageID, String)] {
        perform { state, now, deliveries in
            state.finish(consumer, ids: ids, now: now, into: &deliveries).map { ($0.0, $0.1.reason) }
        }
    }

    /// Requeues a message now or after `delayMilliseconds`; returns the failure reason, if any.
    public func requeue(_ consumer: ConsumerID, id: MessageID, delayMilliseconds: Int64) -> String? {
        let delay = UInt64(max(delayMilliseconds, 0)) * 1_000_000
        return perform(arms: delay > 0) { state, now, deliveries in
            state.requeue(consumer, id: id, delay: delay, now: now, into: &deliveries)?.reason
        }
    }

    /// Resets a message's in-flight deadline; returns the failure reason, if any.
    public func touch(_ consumer: ConsumerID, id: MessageID) -> String? {
        perform { state, now, _ in state.touch(consumer, id: id, now: now)?.reason }
    }

    /// Marks the consumer closing (CLS): RDY 0, no further deliveries.
    public func startClosing(_ consumer: ConsumerID) {
        perform { state, _, _ in state.startClosing(consumer) }
    }

    /// Removes a consumer and requeues its in-flight messages at once.
    public func disconnect(_ consumer: ConsumerID) {
        perform { state, now, deliveries in state.disconnect(consumer, now: now, into: &deliveries) }
    }

    /// Pauses or unpauses a topic; returns `false` when it does not exist.
    @discardableResult
    public func setTopicPaused(_ topic: String, _ paused: Bool) -> Bool {
        perform { state, now, deliveries in state.setTopicPaused(topic, paused, now: now, into: &deliveries) }
    }

    /// Pauses or unpauses a channel; returns `false` when it does not exist.
    @discardableResult
    public func setChannelPaused(topic: String, channel: String, _ paused: Bool) -> Bool {
        perform { state, now, deliveries in
            state.setChannelPaused(topic: topic, channel: channel, paused, now: now, into: &deliveries)
        }
    }

    /// Expires timed-out in-flight messages and releases due deferred ones; returns whether timers remain.
    @discardableResult
    public func scan() -> Bool {
        perform { state, now, deliveries in state.scan(now: now, into: &deliveries) }
    }

    /// A snapshot of all counters.
    public func stats() -> BrokerStats {
        state.withLock { $0.stats() }
    }
}
