/// One publisher sending MPUB batches back to back while one consumer (RDY n) finishes every message.
struct ThroughputRun {
    var address: String
    var topic: String
    var channel: String
    var messages: Int
    var durationSeconds: Double?
    var size: Int
    var batch: Int
    var ready: Int
    var pipeline: Int

    struct Result {
        var published: Int
        var consumed: Int
        var redelivered: Int
        var publishSeconds: Double
        var consumeSeconds: Double
    }

    func run() throws -> Result {
        let consumer = try Consumer(
            address: address, topic: topic, channel: channel, ready: ready, measuresLatency: false)
        let publisher = try BlockingSocket(address: address)
        try publisher.writeAll(Wire.magic)
        let body = Array(repeating: UInt8(ascii: "m"), count: size)
        let full = Wire.multiPublish(topic: topic, bodies: Array(repeating: body, count: batch))
        let start = MonotonicClock.now()
        let thread = BenchThread { try consumer.run() }
        let published: Int
        do {
            published = try publish(full: full, body: body, on: publisher, start: start)
        } catch {
            consumer.expected.store(0, ordering: .relaxed)
            _ = try? thread.join()
            throw error
        }
        let published_at = MonotonicClock.now()
        consumer.expected.store(published, ordering: .relaxed)
        try thread.join()
        return Result(
            published: published, consumed: consumer.received, redelivered: consumer.redelivered,
            publishSeconds: Double(published_at - start) / 1e9,
            consumeSeconds: Double(max(consumer.lastReceived, start) - start) / 1e9)
    }

    /// Sends batches (up to `pipeline` unacknowledged) until `messages` are acknowledged or the duration is up.
    private func publish(full: [UInt8], body: [UInt8], on socket: BlockingSocket, start: UInt64) throws -> Int {
        var reader = FrameReader(capacity: 64 << 10)
        let deadline = durationSeconds.map { start + UInt64($0 * 1e9) }
        var sent = 0
        var acknowledged = 0
        var inFlight: [Int] = []
        while true {
            let timeUp = deadline.map { MonotonicClock.now() >= $0 } ?? false
            while inFlight.count < pipeline, !timeUp, deadline != nil || sent < messages {
                let count = deadline == nil ? min(batch, messages - sent) : batch
                if count == batch {
                    try socket.writeAll(full)
                } else {
                    try socket.writeAll(Wire.multiPublish(topic: topic, bodies: Array(repeating: body, count: count)))
                }
                sent += count
                inFlight.append(count)
            }
            if inFlight.isEmpty { return acknowledged }
            let reply = try reader.awaitResponse(from: socket)
            guard reply == "OK" else { throw BenchError("MPUB was answered with \(reply) instead of OK.") }
            acknowledged += inFlight.removeFirst()
        }
    }
}
