import MusterBroker
import NIOCore
import Synchronization
import Testing

/// Records delivered messages.
final class RecordingSink: NSQConsumerSink {
    let received = Mutex<[NSQMessage]>([])
    func deliver(_ messages: [NSQMessage]) { received.withLock { $0.append(contentsOf: messages) } }
    var messages: [NSQMessage] { received.withLock { $0 } }
}

/// A manually advanced clock.
final class ManualClock: Sendable {
    let now = Atomic<UInt64>(1_000_000_000)
    func advance(milliseconds: UInt64) { now.add(milliseconds * 1_000_000, ordering: .relaxed) }
    var brokerClock: BrokerClock {
        BrokerClock(monotonicNanoseconds: { self.now.load(ordering: .relaxed) }, unixNanoseconds: { 42 })
    }
}

@Suite struct EngineTests {
    let clock = ManualClock()
    func makeEngine(capacity: Int = 1_000_000) -> BrokerEngine {
        var configuration = BrokerConfiguration()
        configuration.clock = clock.brokerClock
        configuration.queueCapacity = capacity
        return BrokerEngine(configuration: configuration)
    }
    func bodies(_ texts: String...) -> [ByteBuffer] { texts.map { ByteBuffer(string: $0) } }

    @Test func firstChannelGetsTheBacklogAndLaterChannelsOnlyNewMessages() {
        let engine = makeEngine()
        engine.publish(topic: "t", bodies: bodies("a", "b"))
        let first = RecordingSink(), second = RecordingSink()
        engine.subscribe(
            ConsumerID(rawValue: 1), topic: "t", channel: "c1", messageTimeoutMilliseconds: 60_000, sink: first)
        engine.ready(ConsumerID(rawValue: 1), count: 10)
        engine.subscribe(
            ConsumerID(rawValue: 2), topic: "t", channel: "c2", messageTimeoutMilliseconds: 60_000, sink: second)
        engine.ready(ConsumerID(rawValue: 2), count: 10)
        engine.publish(topic: "t", bodies: bodies("c"))
        #expect(first.messages.map { String(buffer: $0.body) } == ["a", "b", "c"])
        #expect(second.messages.map { String(buffer: $0.body) } == ["c"])
        #expect(first.messages.allSatisfy { $0.attempts == 1 })
    }

    @Test func timeoutRedeliversWithTheNextAttempt() {
        let engine = makeEngine()
        let sink = RecordingSink()
        let consumer = ConsumerID(rawValue: 1)
        engine.subscribe(consumer, topic: "t", channel: "c", messageTimeoutMilliseconds: 1000, sink: sink)
        engine.ready(consumer, count: 1)
        engine.publish(topic: "t", bodies: bodies("x"))
        #expect(engine.scan())
        clock.advance(milliseconds: 1001)
        #expect(engine.scan())
        #expect(sink.messages.map(\.attempts) == [1, 2])
        #expect(engine.stats().topic("t")?.channel("c")?.timeoutCount == 1)
        #expect(engine.finish(consumer, ids: [sink.messages[1].id]).isEmpty)
        #expect(!engine.scan())
    }

    @Test func deferredAndRequeuedMessagesWaitForTheirDelay() {
        let engine = makeEngine()
        let sink = RecordingSink()
        let consumer = ConsumerID(rawValue: 1)
        engine.subscribe(consumer, topic: "t", channel: "c", messageTimeoutMilliseconds: 60_000, sink: sink)
        engine.ready(consumer, count: 5)
        engine.publish(topic: "t", bodies: bodies("later"), deferMilliseconds: 500)
        #expect(sink.messages.isEmpty)
        clock.advance(milliseconds: 500)
        engine.scan()
        #expect(sink.messages.count == 1)
        #expect(engine.requeue(consumer, id: sink.messages[0].id, delayMilliseconds: 100) == nil)
        #expect(engine.stats().topic("t")?.channel("c")?.deferredCount == 1)
        clock.advance(milliseconds: 100)
        engine.scan()
        #expect(sink.messages.map(\.attempts) == [1, 2])
    }

    @Test func finAndTouchFailuresNameTheReason() {
        let engine = makeEngine()
        let owner = RecordingSink(), other = RecordingSink()
        engine.subscribe(
            ConsumerID(rawValue: 1), topic: "t", channel: "c", messageTimeoutMilliseconds: 60_000, sink: owner)
        engine.subscribe(
            ConsumerID(rawValue: 2), topic: "t", channel: "c", messageTimeoutMilliseconds: 60_000, sink: other)
        engine.ready(ConsumerID(rawValue: 1), count: 1)
        engine.publish(topic: "t", bodies: bodies("x"))
        let id = owner.messages[0].id
        #expect(engine.finish(ConsumerID(rawValue: 2), ids: [id]).map(\.1) == ["client does not own message"])
        #expect(engine.touch(ConsumerID(rawValue: 1), id: id) == nil)
        #expect(engine.finish(ConsumerID(rawValue: 1), ids: [id]).isEmpty)
        #expect(engine.finish(ConsumerID(rawValue: 1), ids: [id]).map(\.1) == ["ID not in flight"])
    }

    @Test func disconnectRequeuesAtOnceAndEphemeralChannelsVanish() {
        let engine = makeEngine()
        let first = RecordingSink(), second = RecordingSink()
        engine.subscribe(
            ConsumerID(rawValue: 1), topic: "t", channel: "c", messageTimeoutMilliseconds: 60_000, sink: first)
        engine.subscribe(
            ConsumerID(rawValue: 2), topic: "t", channel: "c", messageTimeoutMilliseconds: 60_000, sink: second)
        engine.ready(ConsumerID(rawValue: 1), count: 10)
        engine.publish(topic: "t", bodies: bodies("a", "b", "c"))
        engine.ready(ConsumerID(rawValue: 2), count: 10)
        engine.disconnect(ConsumerID(rawValue: 1))
        #expect(second.messages.count == 3)
        engine.subscribe(
            ConsumerID(rawValue: 3), topic: "e#ephemeral", channel: "c#ephemeral", messageTimeoutMilliseconds: 60_000,
            sink: first)
        engine.disconnect(ConsumerID(rawValue: 3))
        #expect(engine.stats().topic("e#ephemeral") == nil)
    }

    @Test func fullQueuesDropAndCount() {
        let engine = makeEngine(capacity: 2)
        engine.createChannel(topic: "t", channel: "c")
        engine.publish(topic: "t", bodies: bodies("a", "b", "c"))
        #expect(engine.stats().topic("t")?.channel("c")?.droppedCount == 1)
        #expect(engine.stats().topic("t")?.channel("c")?.depth == 2)
    }

    @Test func pausedChannelsHoldMessagesUntilUnpaused() {
        let engine = makeEngine()
        let sink = RecordingSink()
        engine.subscribe(
            ConsumerID(rawValue: 1), topic: "t", channel: "c", messageTimeoutMilliseconds: 60_000, sink: sink)
        engine.ready(ConsumerID(rawValue: 1), count: 10)
        #expect(engine.setChannelPaused(topic: "t", channel: "c", true))
        engine.publish(topic: "t", bodies: bodies("a"))
        #expect(sink.messages.isEmpty)
        engine.setChannelPaused(topic: "t", channel: "c", false)
        #expect(sink.messages.count == 1)
    }
}
