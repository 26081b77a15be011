/// One publisher sending PUBs at a fixed rate, each body starting with its send time; one consumer measures
/// the time from send to receipt.
struct LatencyRun {
    var address: String
    var topic: String
    var channel: String
    var rate: Int
    var durationSeconds: Double
    var warmupSeconds: Double
    var size: Int
    var ready: Int

    struct Result {
        var published: Int
        var consumed: Int
        /// Sorted latencies in nanoseconds of the messages sent after the warm-up.
        var latencies: [UInt64]
        /// `(nanoseconds after the start, latency in nanoseconds)` of each measured message, in arrival order.
        var timeline: [(sent: UInt64, latency: UInt64)]

        func percentile(_ fraction: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let index = min(latencies.count - 1, Int(Double(latencies.count) * fraction))
            return Double(latencies[index]) / 1e6
        }
    }

    func run() throws -> Result {
        guard size >= 8 else { throw BenchError("Latency bodies carry an 8-byte timestamp; use --size 8 or more.") }
        let consumer = try Consumer(
            address: address, topic: topic, channel: channel, ready: ready, measuresLatency: true)
        let publisher = try BlockingSocket(address: address)
        try publisher.writeAll(Wire.magic)
        let start = MonotonicClock.now() + 1_000_000
        consumer.latencyFrom = start + UInt64(warmupSeconds * 1e9)
        let thread = BenchThread { try consumer.run() }
        let total = Int(Double(rate) * durationSeconds)
        do {
            try publish(count: total, on: publisher, start: start)
        } catch {
            consumer.expected.store(0, ordering: .relaxed)
            _ = try? thread.join()
            throw error
        }
        consumer.expected.store(total, ordering: .relaxed)
        try thread.join()
        let timeline = zip(consumer.sendTimes, consumer.latencies).map { (sent: $0 - start, latency: $1) }
        return Result(
            published: total, consumed: consumer.received, latencies: consumer.latencies.sorted(), timeline: timeline)
    }

    /// Sends message `i` at `start + i / rate`, stamping the body with the time just before the write.
    private func publish(count: Int, on socket: BlockingSocket, start: UInt64) throws {
        var (command, offset) = Wire.publishTemplate(topic: topic, size: size)
        var reader = FrameReader(capacity: 64 << 10)
        var acknowledged = 0
        let interval = 1e9 / Double(rate)
        for index in 0..<count {
            MonotonicClock.sleep(until: start + UInt64(Double(index) * interval))
            let now = MonotonicClock.now().bigEndian
            command.withUnsafeMutableBytes { $0.storeBytes(of: now, toByteOffset: offset, as: UInt64.self) }
            try socket.writeAll(command)
            if index % 64 == 63 { acknowledged += try countAcknowledgements(&reader, socket, wait: false) }
        }
        while acknowledged < count { acknowledged += try countAcknowledgements(&reader, socket, wait: true) }
    }

    private func countAcknowledgements(_ reader: inout FrameReader, _ socket: BlockingSocket, wait: Bool) throws -> Int
    {
        guard let more = try reader.fill(from: socket, wait: wait) else { return 0 }
        guard more else { throw BenchError("The broker closed the publisher connection.") }
        var count = 0
        while let frame = reader.next() {
            switch frame.type {
            case 0 where frame.text == "OK": count += 1
            case 0: try socket.writeAll(Wire.nop)
            default: throw BenchError("PUB was answered with \(frame.text) instead of OK.")
            }
        }
        return count
    }
}
