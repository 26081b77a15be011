import Foundation
import MusterBroker
import MusterTesting
import NIOCore
import Testing

/// The per-client detail of `/stats` (`shared/protocols.md` §2.3), in JSON and text.
@Suite(.timeLimit(.minutes(1))) struct HTTPStatsClientTests {
    static let identify =
        #"{"client_id":"worker-1","hostname":"box","user_agent":"muster-test/1.0","sample_rate":50}"#

    /// The clients of `topic`/`channel` in the JSON stats.
    static func clients(_ port: Int, _ topic: String, _ channel: String, query: String = "") async throws
        -> [[String: Any]]
    {
        let stats = try await HTTPTestClient.request(port: port, "GET", "/stats?format=json\(query)").json
        let topics = try #require(stats["topics"] as? [[String: Any]])
        let channels = try #require(
            topics.first { $0["topic_name"] as? String == topic }?["channels"] as? [[String: Any]])
        return try #require(channels.first { $0["channel_name"] as? String == channel }?["clients"] as? [[String: Any]])
    }

    @Test func statsListEachSubscribedClient() async throws {
        try await withBrokerHTTP { stack in
            let (tcp, http) = (stack.tcpPort, stack.httpPort)
            let before = Int(Date().timeIntervalSince1970)
            var (client, reader) = try await ServerDeliveryTests.subscriber(
                tcp, "t", "c", rdy: 5, identify: Self.identify)
            let (anonymous, _) = try await ServerDeliveryTests.subscriber(tcp, "t", "plain", rdy: 0)
            // Sampling at 50 % drops some messages: publish one at a time until three went out (the
            // engine delivers within `publish`).
            var sent: UInt64 = 0
            for _ in 0..<1000 where sent < 3 {
                stack.engine.publish(topic: "t", bodies: [ByteBuffer(string: "m")])
                sent = stack.engine.stats().topic("t")?.channel("c")?.clients.first?.messageCount ?? 0
            }
            var received: [NSQMessage] = []
            for _ in 0..<3 { received.append(try await reader.nextMessage()) }
            try await client.send("FIN \(received[0].id)\nREQ \(received[1].id) 60000\n")
            try await waitUntil("the FIN and REQ are counted") {
                let detail = try await Self.clients(http, "t", "c").first
                return detail?["finish_count"] as? Int == 1 && detail?["requeue_count"] as? Int == 1
            }
            let after = Int(Date().timeIntervalSince1970)

            let detail = try #require(try await Self.clients(http, "t", "c").first)
            let port = try #require(client.channel.localAddress?.port)
            #expect(detail["client_id"] as? String == "worker-1" && detail["hostname"] as? String == "box")
            #expect(detail["version"] as? String == "V2" && detail["remote_address"] as? String == "127.0.0.1:\(port)")
            #expect(detail["state"] as? Int == 3 && detail["ready_count"] as? Int == 5)
            #expect(detail["in_flight_count"] as? Int == 1 && detail["message_count"] as? Int == 3)
            #expect(detail["sample_rate"] as? Int == 50 && detail["user_agent"] as? String == "muster-test/1.0")
            #expect((before...after).contains(detail["connect_ts"] as? Int ?? 0))
            for key in ["tls", "deflate", "snappy", "tls_negotiated_protocol_is_mutual"] {
                #expect(detail[key] as? Bool == false, "\(key)")
            }
            for key in [
                "tls_cipher_suite", "tls_version", "tls_negotiated_protocol", "topology_zone", "topology_region",
            ] {
                #expect(detail[key] as? String == "", "\(key)")
            }

            let plain = try #require(try await Self.clients(http, "t", "plain").first)
            #expect(plain["client_id"] as? String == "127.0.0.1" && plain["hostname"] as? String == "127.0.0.1")
            #expect(plain["user_agent"] as? String == "" && plain["sample_rate"] as? Int == 0)
            #expect(try await Self.clients(http, "t", "c", query: "&include_clients=false").isEmpty)

            let text = try await HTTPTestClient.request(port: http, "GET", "/stats").text
            #expect(
                text.contains(
                    "        [V2 box:\(port) muster-test/1.0] state: 3 inflt: 1    rdy: 5    fin: 1        "
                        + "re-q: 1        msgs: 3        connected: "),
                "\(text)")
            try await client.send("CLS\n")
            try await waitUntil("CLS shows as state 4") {
                try await Self.clients(http, "t", "c").first?["state"] as? Int == 4
            }
            for connection in [client, anonymous] { await connection.close() }
        }
    }
}
