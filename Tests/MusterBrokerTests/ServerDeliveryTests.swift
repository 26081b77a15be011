import MusterBroker
import MusterTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1))) struct ServerDeliveryTests {
    static func subscriber(_ port: Int, _ topic: String, _ channel: String, rdy: Int, identify: String? = nil)
        async throws -> (NSQTestClient, FrameReader)
    {
        let client = try await NSQTestClient.connect(port: port)
        var reader = FrameReader(client)
        if let identify {
            try await client.send("IDENTIFY\n", body: identify)
            #expect(try await reader.next()?.text == "OK")
        }
        try await client.send("SUB \(topic) \(channel)\nRDY \(rdy)\n")
        #expect(try await reader.next()?.text == "OK")
        return (client, reader)
    }

    static func publish(_ port: Int, _ topic: String, _ bodies: [String]) async throws {
        let client = try await NSQTestClient.connect(port: port)
        var reader = FrameReader(client)
        for body in bodies {
            try await client.send("PUB \(topic)\n", body: body)
            #expect(try await reader.next()?.text == "OK")
        }
        await client.close()
    }

    /// An MPUB command with its body.
    static func mpub(_ topic: String, _ bodies: [String]) -> ByteBuffer {
        var mpub = ByteBuffer(string: "MPUB \(topic)\n")
        mpub.writeInteger(Int32(4 + bodies.reduce(0) { $0 + 4 + $1.utf8.count }))
        mpub.writeInteger(Int32(bodies.count))
        for body in bodies {
            mpub.writeInteger(Int32(body.utf8.count))
            mpub.writeString(body)
        }
        return mpub
    }

    /// Publishes `bodies` in one MPUB on a connection of its own and waits for the `OK`.
    static func multiPublish(_ port: Int, _ topic: String, _ bodies: [String]) async throws {
        let client = try await NSQTestClient.connect(port: port)
        var reader = FrameReader(client)
        try await client.send(mpub(topic, bodies))
        #expect(try await reader.next()?.text == "OK")
        await client.close()
    }

    @Test func publishedMessageIsDeliveredOnceAndFinished() async throws {
        try await withNSQServer { server, port in
            try await Self.publish(port, "t1", ["hi"])
            var (client, reader) = try await Self.subscriber(port, "t1", "c1", rdy: 1)
            let message = try await reader.nextMessage()
            #expect(message.attempts == 1 && String(buffer: message.body) == "hi")
            try await client.send("FIN \(message.id)\nFIN \(message.id)\n")
            #expect(try await reader.next()?.text?.hasPrefix("E_FIN_FAILED") == true)
            #expect(server.engine.stats().topic("t1")?.channel("c1")?.inFlightCount == 0)
            await client.close()
        }
    }

    @Test func consumersShareAChannelAndChannelsEachGetEverything() async throws {
        try await withNSQServer { _, port in
            var (a, readerA) = try await Self.subscriber(port, "t", "shared", rdy: 10)
            var (b, readerB) = try await Self.subscriber(port, "t", "shared", rdy: 10)
            var (c, readerC) = try await Self.subscriber(port, "t", "other", rdy: 10)
            try await Self.publish(port, "t", ["1", "2", "3", "4"])
            var other: Set<String> = []
            for _ in 0..<4 { other.insert(String(buffer: try await readerC.nextMessage().body)) }
            #expect(other == ["1", "2", "3", "4"])
            var shared: [String] = []
            for _ in 0..<2 { shared.append(String(buffer: try await readerA.nextMessage().body)) }
            for _ in 0..<2 { shared.append(String(buffer: try await readerB.nextMessage().body)) }
            #expect(Set(shared) == ["1", "2", "3", "4"])
            for client in [a, b, c] { await client.close() }
        }
    }

    @Test func requeueAndTimeoutRedeliverWithTheNextAttempt() async throws {
        try await withNSQServer { server, port in
            var (client, reader) = try await Self.subscriber(port, "t", "c", rdy: 1, identify: #"{"msg_timeout":1000}"#)
            try await Self.publish(port, "t", ["x"])
            let first = try await reader.nextMessage()
            try await client.send("REQ \(first.id) 0\n")
            let second = try await reader.nextMessage()
            #expect(second.id == first.id && second.attempts == 2)
            let third = try await reader.nextMessage(within: 30)  // msg_timeout 1 s expires
            #expect(third.id == first.id && third.attempts == 3)
            try await client.send("FIN \(third.id)\n")
            // At least the one timeout that produced `third`; a slow test process may see more.
            try await waitUntil("the timeout to be counted") {
                (server.engine.stats().topic("t")?.channel("c")?.timeoutCount ?? 0) >= 1
            }
            await client.close()
        }
    }

    @Test func disconnectRequeuesInFlightMessagesAtOnce() async throws {
        try await withNSQServer { _, port in
            var (first, firstReader) = try await Self.subscriber(port, "t", "c", rdy: 10)
            try await Self.publish(port, "t", ["a", "b"])
            _ = try await firstReader.nextMessage()
            _ = try await firstReader.nextMessage()
            var (second, secondReader) = try await Self.subscriber(port, "t", "c", rdy: 10)
            await first.close()
            let redelivered = [
                try await secondReader.nextMessage(within: 10), try await secondReader.nextMessage(within: 10),
            ]
            #expect(Set(redelivered.map { String(buffer: $0.body) }) == ["a", "b"])
            #expect(redelivered.allSatisfy { $0.attempts == 2 })
            await second.close()
        }
    }

    @Test func mpubAndDeferredPublish() async throws {
        try await withNSQServer { _, port in
            var (client, reader) = try await Self.subscriber(port, "t", "c", rdy: 10)
            try await client.send(Self.mpub("t", ["a", "b", "c"]))
            #expect(try await reader.next()?.text == "OK")
            for _ in 0..<3 { _ = try await reader.nextMessage() }
            let start = ContinuousClock.now
            try await client.send("DPUB t 500\n", body: "later")
            #expect(try await reader.next()?.text == "OK")
            let late = try await reader.nextMessage()
            #expect(String(buffer: late.body) == "later")
            #expect(ContinuousClock.now - start >= .milliseconds(500))
            await client.close()
        }
    }
}
