import Foundation
import MusterBroker
import Testing

@Suite("nsqlookupd HTTP API", .timeLimit(.minutes(1)))
struct LookupServerTests {
    static func get(_ port: Int, _ target: String) async throws -> HTTPTestResponse {
        try await HTTPTestClient.request(port: port, "GET", target)
    }

    @Test func lookupOfAKnownAndAnUnknownTopic() async throws {
        try await withBrokerHTTP { stack in
            let port = stack.lookupPort
            HTTPAPITests.expectError(try await Self.get(port, "/lookup?topic=t"), 404, "TOPIC_NOT_FOUND")
            HTTPAPITests.expectError(try await Self.get(port, "/lookup"), 400, "MISSING_ARG_TOPIC")
            stack.engine.createChannel(topic: "t", channel: "c2")
            stack.engine.createChannel(topic: "t", channel: "c1")
            let response = try await Self.get(port, "/lookup?topic=t")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            #expect(response.header("X-NSQ-Content-Type") == HTTPAPITests.v1)
            let lookup = try response.json
            #expect(lookup["channels"] as? [String] == ["c1", "c2"])
            let producers = try #require(lookup["producers"] as? [[String: Any]])
            #expect(producers.count == 1)
            #expect(producers[0]["broadcast_address"] as? String == "127.0.0.1")
            #expect(producers[0]["tcp_port"] as? Int == stack.tcpPort)
            #expect(producers[0]["http_port"] as? Int == stack.httpPort)
            #expect(producers[0]["version"] as? String == "1.3.0")
            #expect((producers[0]["hostname"] as? String)?.isEmpty == false)
            HTTPAPITests.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/lookup?topic=t"), 405, "METHOD_NOT_ALLOWED")
        }
    }

    @Test func lookupCanAdvertiseTheProducerForAnyValidTopic() async throws {
        try await withBrokerHTTP(unknownTopicAnswer: .producer) { stack in
            let lookup = try await Self.get(stack.lookupPort, "/lookup?topic=later").json
            #expect(lookup["channels"] as? [String] == [])
            #expect((lookup["producers"] as? [[String: Any]])?.first?["tcp_port"] as? Int == stack.tcpPort)
            HTTPAPITests.expectError(
                try await Self.get(stack.lookupPort, "/lookup?topic=a%2Fb"), 404, "TOPIC_NOT_FOUND")
        }
    }

    @Test func pingInfoTopicsChannelsNodes() async throws {
        try await withBrokerHTTP { stack in
            let port = stack.lookupPort
            let ping = try await Self.get(port, "/ping")
            #expect(ping.status == 200 && ping.text == "OK" && ping.header("X-NSQ-Content-Type") == HTTPAPITests.v1)
            #expect(try await Self.get(port, "/info").json["version"] as? String == "1.3.0")
            #expect(try await Self.get(port, "/topics").json["topics"] as? [String] == [])
            stack.engine.createTopic("b")
            stack.engine.createChannel(topic: "a", channel: "x")
            #expect(try await Self.get(port, "/topics").json["topics"] as? [String] == ["a", "b"])
            #expect(try await Self.get(port, "/channels?topic=a").json["channels"] as? [String] == ["x"])
            #expect(try await Self.get(port, "/channels?topic=zzz").json["channels"] as? [String] == [])
            HTTPAPITests.expectError(try await Self.get(port, "/channels"), 400, "MISSING_ARG_TOPIC")
            let nodes = try #require(try await Self.get(port, "/nodes").json["producers"] as? [[String: Any]])
            #expect(nodes.count == 1)
            #expect(nodes[0]["topics"] as? [String] == ["a", "b"])
            #expect(nodes[0]["tombstones"] as? [Bool] == [false, false])
            #expect(nodes[0]["tcp_port"] as? Int == stack.tcpPort)
            HTTPAPITests.expectError(try await Self.get(port, "/nope"), 404, "NOT_FOUND")
            HTTPAPITests.expectError(
                try await HTTPTestClient.request(port: port, "GET", "/topics", headers: ["Host: attacker.example"]),
                403,
                "INVALID_HOST")
        }
    }
}
