import Foundation
import MusterBroker
import MusterTesting
import NIOCore
import Testing

/// Behaviours where Muster's broker follows nsqd 1.3 closely: deleting topics and channels closes their
/// consumers, IDENTIFY `sample_rate`, and ephemeral channels (`shared/protocols.md` §1.8, §2.2).
@Suite(.timeLimit(.minutes(1))) struct NSQDParityTests {
    /// Expects the server to close the connection (the reader throws when its own deadline passes first).
    static func expectClosedByServer(
        _ reader: inout FrameReader, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(try await reader.next(within: 30) == nil, sourceLocation: sourceLocation)
    }

    @Test func deletingAChannelOrTopicClosesItsConsumers() async throws {
        try await withBrokerHTTP { stack in
            let (tcp, http) = (stack.tcpPort, stack.httpPort)
            var (deleted, deletedReader) = try await ServerDeliveryTests.subscriber(tcp, "t", "c", rdy: 10)
            var (sibling, siblingReader) = try await ServerDeliveryTests.subscriber(tcp, "t", "other", rdy: 10)
            var (elsewhere, elsewhereReader) = try await ServerDeliveryTests.subscriber(tcp, "u", "c", rdy: 10)
            let producer = try await NSQTestClient.connect(port: tcp)
            var producerReader = FrameReader(producer)
            try await producer.send("PUB t\n", body: "before")
            #expect(try await producerReader.next()?.text == "OK")
            _ = try await deletedReader.nextMessage()

            HTTPAdminTests.expectEmpty(try await HTTPAdminTests.post(http, "/channel/delete?topic=t&channel=c"))
            try await Self.expectClosedByServer(&deletedReader)
            #expect(String(buffer: try await siblingReader.nextMessage().body) == "before")
            try await producer.send("PUB t\n", body: "after")
            #expect(try await producerReader.next()?.text == "OK")
            #expect(String(buffer: try await siblingReader.nextMessage().body) == "after")

            HTTPAdminTests.expectEmpty(try await HTTPAdminTests.post(http, "/topic/delete?topic=t"))
            try await Self.expectClosedByServer(&siblingReader)
            try await producer.send("PUB u\n", body: "still open")
            #expect(try await producerReader.next()?.text == "OK")
            #expect(String(buffer: try await elsewhereReader.nextMessage().body) == "still open")
            #expect(stack.engine.stats().topic("u")?.channel("c")?.clientCount == 1)
            for client in [deleted, sibling, elsewhere, producer] { await client.close() }
        }
    }

    @Test func ephemeralChannelAndTopicVanishWithTheirLastConsumer() async throws {
        try await withNSQServer { server, port in
            let (first, _) = try await ServerDeliveryTests.subscriber(port, "e#ephemeral", "c#ephemeral", rdy: 1)
            let (second, _) = try await ServerDeliveryTests.subscriber(port, "e#ephemeral", "c#ephemeral", rdy: 1)
            await first.close()
            try await waitUntil("the first consumer leaves") {
                server.engine.stats().topic("e#ephemeral")?.channel("c#ephemeral")?.clientCount == 1
            }
            await second.close()
            try await waitUntil("the ephemeral topic vanishes") { server.engine.stats().topic("e#ephemeral") == nil }
        }
    }

    @Test func sampleRateDeliversAboutThatShareAndDropsTheRest() async throws {
        try await withNSQServer { server, port in
            var (client, reader) = try await ServerDeliveryTests.subscriber(
                port, "t", "sampled", rdy: 2500, identify: #"{"sample_rate":30}"#)
            let total = 2000
            try await ServerDeliveryTests.multiPublish(port, "t", (0..<total).map { "m\($0)" })
            // MPUB is answered after the engine pumped the channel, so the sampling is over.
            let channel = try #require(server.engine.stats().topic("t")?.channel("sampled"))
            let delivered = try #require(channel.clients.first).messageCount
            #expect((300...900).contains(delivered), "rate 30 (31 % in nsqd) delivered \(delivered) of \(total)")
            #expect(channel.depth == 0 && channel.inFlightCount == Int(delivered) && channel.deferredCount == 0)
            #expect(channel.messageCount == UInt64(total))
            var bodies: Set<String> = []
            for _ in 0..<delivered {
                let message = try await reader.nextMessage()
                #expect(message.attempts == 1)
                bodies.insert(String(buffer: message.body))
            }
            #expect(bodies.count == Int(delivered))
            await client.close()
        }
    }
}
