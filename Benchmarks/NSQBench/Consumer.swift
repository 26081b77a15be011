import Synchronization

/// One subscribed connection: reads message frames, finishes every message, counts them and (optionally)
/// records the end-to-end latency from a send timestamp in the first 8 bytes of each body.
///
/// Set up on the main thread, then run on its own thread; the results are read after the join.
final class Consumer: @unchecked Sendable {
    private let socket: BlockingSocket
    private var reader = FrameReader()
    private let finishes: UnsafeMutableRawPointer
    /// How many messages to wait for; `Int.max` until the publisher knows.
    let expected = Atomic<Int>(Int.max)
    /// Stop waiting when nothing arrives for this long after ``expected`` is known.
    private let idleLimitNanoseconds: UInt64 = 10_000_000_000
    private let measuresLatency: Bool
    /// Latencies of messages sent at or after this monotonic time are recorded.
    var latencyFrom: UInt64 = 0

    private(set) var received = 0
    private(set) var redelivered = 0
    private(set) var lastReceived: UInt64 = 0
    private(set) var latencies: [UInt64] = []
    /// The send times of the messages in ``latencies``, in the same order.
    private(set) var sendTimes: [UInt64] = []

    /// Connects, subscribes and sends RDY; returns once the broker has accepted the subscription.
    init(address: String, topic: String, channel: String, ready: Int, measuresLatency: Bool) throws {
        socket = try BlockingSocket(address: address)
        self.measuresLatency = measuresLatency
        finishes = .allocate(byteCount: (reader.capacity / 34 + 1) * Wire.finishLength, alignment: 16)
        try socket.writeAll(Wire.magic + Wire.subscribe(topic: topic, channel: channel))
        let reply = try reader.awaitResponse(from: socket)
        guard reply == "OK" else { throw BenchError("SUB was answered with \(reply) instead of OK.") }
        try socket.writeAll(Wire.ready(ready))
        socket.setReceiveTimeout(milliseconds: 500)
        if measuresLatency {
            latencies.reserveCapacity(1 << 20)
            sendTimes.reserveCapacity(1 << 20)
        }
    }

    deinit { finishes.deallocate() }

    /// Consumes until ``expected`` messages arrived, or nothing arrived for 10 s once it is known.
    func run() throws {
        var idleSince = MonotonicClock.now()
        while received < expected.load(ordering: .relaxed) {
            guard let more = try reader.fill(from: socket) else {
                if expected.load(ordering: .relaxed) != Int.max, MonotonicClock.now() - idleSince > idleLimitNanoseconds
                {
                    return
                }
                continue
            }
            guard more else { throw BenchError("The broker closed the consumer connection.") }
            idleSince = MonotonicClock.now()
            try drainFrames(now: idleSince)
        }
    }

    private func drainFrames(now: UInt64) throws {
        var length = 0
        while let frame = reader.next() {
            switch frame.type {
            case 2:
                guard frame.data.count >= Wire.messageHeaderLength else {
                    throw BenchError("The broker sent a message frame shorter than its header.")
                }
                received += 1
                if frame.data.loadUnaligned(fromByteOffset: 8, as: UInt16.self).bigEndian > 1 { redelivered += 1 }
                if measuresLatency { record(frame.data, now: now) }
                length += Wire.writeFinish(for: frame.data, to: finishes + length)
            case 0 where frame.text == "_heartbeat_":
                Wire.nop.withUnsafeBytes {
                    UnsafeMutableRawBufferPointer(start: finishes + length, count: 4).copyMemory(from: $0)
                }
                length += 4
            case 1:
                throw BenchError("The broker sent an error to the consumer: \(frame.text).")
            default:
                continue
            }
        }
        lastReceived = now
        if length > 0 { try socket.writeAll(UnsafeRawBufferPointer(start: finishes, count: length)) }
    }

    private func record(_ data: UnsafeRawBufferPointer, now: UInt64) {
        guard data.count >= Wire.messageHeaderLength + 8 else { return }
        let sent = data.loadUnaligned(fromByteOffset: Wire.messageHeaderLength, as: UInt64.self).bigEndian
        if sent >= latencyFrom, now >= sent {
            latencies.append(now - sent)
            sendTimes.append(sent)
        }
    }
}
