import Foundation
import MusterBroker
import Testing

@Suite("nsqd HTTP API: stats and administration", .timeLimit(.minutes(1)))
struct HTTPAdminTests {
    static func post(_ port: Int, _ target: String) async throws -> HTTPTestResponse {
        try await HTTPTestClient.request(port: port, "POST", target)
    }

    static func expectEmpty(_ response: HTTPTestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == 200 && response.body.isEmpty, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("X-NSQ-Content-Type") == HTTPAPITests.v1, sourceLocation: sourceLocation)
    }

    @Test func statsJSONShowsTheCounts() async throws {
        try await withBrokerHTTP { stack in
            let port = stack.httpPort
            stack.engine.createChannel(topic: "t", channel: "b")
            stack.engine.createChannel(topic: "t", channel: "a")
            _ = try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t", text: "1\n2")
            _ = try await HTTPTestClient.request(port: port, "POST", "/pub?topic=t&defer=60000", text: "3")
            let response = try await HTTPTestClient.request(port: port, "GET", "/stats?format=json")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            let stats = try response.json
            #expect(stats["version"] as? String == "1.3.0" && stats["health"] as? String == "OK")
            #expect(stats["memory"] is [String: Any])
            let topics = try #require(stats["topics"] as? [[String: Any]])
            #expect(topics.count == 1)
            let topic = topics[0]
            #expect(topic["topic_name"] as? String == "t" && topic["message_count"] as? Int == 3)
            #expect(
                topic["depth"] as? Int == 0 && topic["paused"] as? Bool == false && topic["dropped_count"] as? Int == 0)
            let channels = try #require(topic["channels"] as? [[String: Any]])
            #expect(channels.map { $0["channel_name"] as? String } == ["a", "b"])
            let channel = channels[0]
            #expect(channel["depth"] as? Int == 2 && channel["deferred_count"] as? Int == 1)
            #expect(channel["in_flight_count"] as? Int == 0 && channel["message_count"] as? Int == 3)
            #expect(channel["requeue_count"] as? Int == 0 && channel["timeout_count"] as? Int == 0)
            #expect(channel["dropped_count"] as? Int == 0 && channel["client_count"] as? Int == 0)
            let latency = try #require(channel["e2e_processing_latency"] as? [String: Any])
            #expect(latency["percentiles"] is NSNull)

            let filtered = try await HTTPTestClient.request(
                port: port, "GET", "/stats?format=json&topic=t&channel=b&include_mem=false"
            ).json
            #expect(filtered["memory"] == nil)
            let filteredTopics = try #require(filtered["topics"] as? [[String: Any]])
            #expect((filteredTopics[0]["channels"] as? [[String: Any]])?.map { $0["channel_name"] as? String } == ["b"])

            let text = try await HTTPTestClient.request(port: port, "GET", "/stats")
            #expect(text.status == 200 && text.text.contains("[t  ") && text.text.contains("def: 1"))
            #expect(text.header("X-NSQ-Content-Type") == HTTPAPITests.v1)
        }
    }

    @Test func statsWithoutTopics() async throws {
        try await withBrokerHTTP { stack in
            let json = try await HTTPTestClient.request(port: stack.httpPort, "GET", "/stats?format=json").json
            #expect((json["topics"] as? [Any])?.isEmpty == true)
            #expect(try await HTTPTestClient.request(port: stack.httpPort, "GET", "/stats").text.contains("NO_TOPICS"))
        }
    }

    @Test func topicAdministration() async throws {
        try await withBrokerHTTP { stack in
            let port = stack.httpPort
            let engine = stack.engine
            Self.expectEmpty(try await Self.post(port, "/topic/create?topic=t"))
            #expect(engine.hasTopic("t"))
            HTTPAPITests.expectError(try await Self.post(port, "/topic/create"), 400, "MISSING_ARG_TOPIC")
            HTTPAPITests.expectError(try await Self.post(port, "/topic/create?topic=no%21"), 400, "INVALID_TOPIC")

            Self.expectEmpty(try await Self.post(port, "/topic/pause?topic=t"))
            #expect(engine.stats().topic("t")?.paused == true)
            Self.expectEmpty(try await Self.post(port, "/topic/unpause?topic=t"))
            #expect(engine.stats().topic("t")?.paused == false)
            HTTPAPITests.expectError(try await Self.post(port, "/topic/pause?topic=nope"), 404, "TOPIC_NOT_FOUND")
            HTTPAPITests.expectError(try await Self.post(port, "/topic/unpause"), 400, "MISSING_ARG_TOPIC")

            _ = try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t", text: "1\n2")
            #expect(engine.stats().topic("t")?.depth == 2)
            Self.expectEmpty(try await Self.post(port, "/topic/empty?topic=t"))
            #expect(engine.stats().topic("t")?.depth == 0)
            HTTPAPITests.expectError(try await Self.post(port, "/topic/empty?topic=nope"), 404, "TOPIC_NOT_FOUND")
            HTTPAPITests.expectError(try await Self.post(port, "/topic/empty?topic=a%2Fb"), 400, "INVALID_TOPIC")

            Self.expectEmpty(try await Self.post(port, "/topic/delete?topic=t"))
            #expect(!engine.hasTopic("t"))
            HTTPAPITests.expectError(try await Self.post(port, "/topic/delete?topic=t"), 404, "TOPIC_NOT_FOUND")
            HTTPAPITests.expectError(try await Self.post(port, "/topic/delete"), 400, "MISSING_ARG_TOPIC")

            let legacy = try await HTTPTestClient.request(port: port, "GET", "/create_topic?topic=old")
            #expect(legacy.status == 200 && engine.hasTopic("old"))
        }
    }

    @Test func channelAdministration() async throws {
        try await withBrokerHTTP { stack in
            let port = stack.httpPort
            let engine = stack.engine
            HTTPAPITests.expectError(
                try await Self.post(port, "/channel/create?topic=t&channel=c"), 404, "TOPIC_NOT_FOUND")
            HTTPAPITests.expectError(try await Self.post(port, "/channel/create?channel=c"), 400, "MISSING_ARG_TOPIC")
            HTTPAPITests.expectError(
                try await Self.post(port, "/channel/create?topic=a%2Fb&channel=c"), 400, "INVALID_ARG_TOPIC")
            HTTPAPITests.expectError(try await Self.post(port, "/channel/create?topic=t"), 400, "MISSING_ARG_CHANNEL")
            HTTPAPITests.expectError(
                try await Self.post(port, "/channel/create?topic=t&channel=c%20d"), 400, "INVALID_ARG_CHANNEL")
            engine.createTopic("t")
            Self.expectEmpty(try await Self.post(port, "/channel/create?topic=t&channel=c"))
            #expect(engine.hasChannel(topic: "t", channel: "c"))

            Self.expectEmpty(try await Self.post(port, "/channel/pause?topic=t&channel=c"))
            #expect(engine.stats().topic("t")?.channel("c")?.paused == true)
            Self.expectEmpty(try await Self.post(port, "/channel/unpause?topic=t&channel=c"))
            #expect(engine.stats().topic("t")?.channel("c")?.paused == false)
            HTTPAPITests.expectError(
                try await Self.post(port, "/channel/pause?topic=t&channel=x"), 404, "CHANNEL_NOT_FOUND")

            _ = try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t", text: "1\n2\n3")
            _ = try await HTTPTestClient.request(port: port, "POST", "/pub?topic=t&defer=60000", text: "4")
            let client = try await NSQTestClient.connect(port: stack.tcpPort)
            var reader = FrameReader(client)
            try await client.send("SUB t c\nRDY 1\n")
            #expect(try await reader.next()?.text == "OK")
            _ = try await reader.nextMessage()
            let before = engine.stats().topic("t")?.channel("c")
            #expect(before?.depth == 2 && before?.inFlightCount == 1 && before?.deferredCount == 1)
            Self.expectEmpty(try await Self.post(port, "/channel/empty?topic=t&channel=c"))
            let after = engine.stats().topic("t")?.channel("c")
            #expect(after?.depth == 0 && after?.inFlightCount == 0 && after?.deferredCount == 0)
            _ = try await HTTPTestClient.request(port: port, "POST", "/pub?topic=t", text: "5")
            #expect(String(buffer: try await reader.nextMessage().body) == "5")
            await client.close()
            HTTPAPITests.expectError(
                try await Self.post(port, "/channel/empty?topic=t&channel=x"), 404, "CHANNEL_NOT_FOUND")

            Self.expectEmpty(try await Self.post(port, "/channel/delete?topic=t&channel=c"))
            #expect(!engine.hasChannel(topic: "t", channel: "c") && engine.hasTopic("t"))
            HTTPAPITests.expectError(
                try await Self.post(port, "/channel/delete?topic=t&channel=c"), 404, "CHANNEL_NOT_FOUND")
        }
    }

    @Test func adminBodiesOverTheLimitAreRejected() async throws {
        try await withBrokerHTTP { stack in
            let body = [UInt8](repeating: 65, count: 64 * 1024 + 1)
            HTTPAPITests.expectError(
                try await HTTPTestClient.request(port: stack.httpPort, "POST", "/topic/create?topic=t", body: body),
                413,
                "BODY_TOO_BIG")
            #expect(!stack.engine.hasTopic("t"))
        }
    }
}
