import Foundation
import MusterBroker
import NIOCore
import Testing

@Suite("nsqd HTTP API", .timeLimit(.minutes(1)))
struct HTTPAPITests {
    static let v1 = "nsq; version=1.0"

    static var smallLimits: BrokerConfiguration {
        var configuration = BrokerConfiguration()
        configuration.limits.maxMessageSize = 1024
        configuration.limits.maxBodySize = 4096
        return configuration
    }

    static func expectError(
        _ response: HTTPTestResponse, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.errorCode == code, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("X-NSQ-Content-Type") == v1, sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json; charset=utf-8", sourceLocation: sourceLocation)
    }

    @Test func pingAndRoutingErrors() async throws {
        try await withBrokerHTTP { stack in
            let ping = try await HTTPTestClient.request(port: stack.httpPort, "GET", "/ping")
            #expect(ping.status == 200 && ping.text == "OK")
            #expect(ping.header("X-NSQ-Content-Type") == Self.v1)
            Self.expectError(try await HTTPTestClient.request(port: stack.httpPort, "GET", "/nope"), 404, "NOT_FOUND")
            let wrong = try await HTTPTestClient.request(port: stack.httpPort, "POST", "/ping")
            Self.expectError(wrong, 405, "METHOD_NOT_ALLOWED")
            #expect(wrong.header("Allow")?.contains("GET") == true)
            Self.expectError(
                try await HTTPTestClient.request(port: stack.httpPort, "GET", "/pub?topic=t"), 405, "METHOD_NOT_ALLOWED"
            )
            Self.expectError(
                try await HTTPTestClient.request(port: stack.httpPort, "GET", "/topic/create?topic=t"), 405,
                "METHOD_NOT_ALLOWED")
            let evil = try await HTTPTestClient.request(
                port: stack.httpPort, "GET", "/ping", headers: ["Host: evil.example:4151"])
            Self.expectError(evil, 403, "INVALID_HOST")
            let local = try await HTTPTestClient.request(
                port: stack.httpPort, "GET", "/ping", headers: ["Host: localhost"])
            #expect(local.status == 200)
            Self.expectError(
                try await HTTPTestClient.request(port: stack.httpPort, "GET", "/stats?topic=%zz"), 400,
                "INVALID_REQUEST")
        }
    }

    @Test("A page of another site cannot publish, but curl -d (a form body, no Origin) still can")
    func crossSitePublishIsRefused() async throws {
        try await withBrokerHTTP { stack in
            for forged in [
                ["Origin: http://evil.example"], ["Sec-Fetch-Site: cross-site"], ["Origin: http://localhost:1"],
            ] {
                let answer = try await HTTPTestClient.request(
                    port: stack.httpPort, "POST", "/pub?topic=forged", body: Array("x".utf8),
                    headers: ["Host: 127.0.0.1"] + forged)
                Self.expectError(answer, 403, "CROSS_SITE_REQUEST")
            }
            #expect(stack.engine.stats().topic("forged") == nil)
            let curl = try await HTTPTestClient.request(
                port: stack.httpPort, "POST", "/pub?topic=t", body: Array("x".utf8),
                headers: ["Host: 127.0.0.1", "Content-Type: application/x-www-form-urlencoded"])
            #expect(curl.status == 200 && curl.text == "OK")
            let own = try await HTTPTestClient.request(
                port: stack.httpPort, "POST", "/pub?topic=t", body: Array("y".utf8),
                headers: ["Host: 127.0.0.1", "Origin: http://127.0.0.1:\(stack.httpPort)"])
            #expect(own.status == 200)
        }
    }

    @Test func info() async throws {
        try await withBrokerHTTP { stack in
            let response = try await HTTPTestClient.request(port: stack.httpPort, "GET", "/info")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            #expect(response.header("X-NSQ-Content-Type") == Self.v1)
            let info = try response.json
            #expect(info["version"] as? String == "1.3.0")
            #expect(info["broadcast_address"] as? String == "127.0.0.1")
            #expect(info["tcp_port"] as? Int == stack.tcpPort)
            #expect(info["http_port"] as? Int == stack.httpPort)
            #expect(info["max_heartbeat_interval"] as? Int == 60_000_000_000)
            #expect((info["hostname"] as? String)?.isEmpty == false)
            #expect(info["start_time"] as? Int ?? 0 > 1_600_000_000)
        }
    }

    @Test func publishReachesAConsumer() async throws {
        try await withBrokerHTTP { stack in
            let response = try await HTTPTestClient.request(
                port: stack.httpPort, "POST", "/pub?topic=t1", text: "hello")
            #expect(response.status == 200 && response.text == "OK")
            #expect(response.header("X-NSQ-Content-Type") == Self.v1)
            #expect(stack.engine.stats().topic("t1")?.depth == 1)
            let client = try await NSQTestClient.connect(port: stack.tcpPort)
            var reader = FrameReader(client)
            try await client.send("SUB t1 c1\nRDY 1\n")
            #expect(try await reader.next()?.text == "OK")
            let message = try await reader.nextMessage()
            #expect(String(buffer: message.body) == "hello" && message.attempts == 1)
            await client.close()
        }
    }

    @Test func publishErrors() async throws {
        try await withBrokerHTTP(configuration: Self.smallLimits) { stack in
            let port = stack.httpPort
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/pub", text: "x"), 400, "MISSING_ARG_TOPIC")
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/pub?topic=bad%2Fname", text: "x"), 400,
                "INVALID_TOPIC")
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/pub?topic=", text: "x"), 400, "INVALID_TOPIC")
            Self.expectError(try await HTTPTestClient.request(port: port, "POST", "/pub?topic=t"), 400, "MSG_EMPTY")
            let big = [UInt8](repeating: 65, count: 1025)
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/pub?topic=t", body: big), 413, "MSG_TOO_BIG")
            let exact = try await HTTPTestClient.request(
                port: port, "POST", "/pub?topic=t", body: Array(big.dropFirst()))
            #expect(exact.status == 200)
            for bad in ["abc", "-1", "3600001"] {
                Self.expectError(
                    try await HTTPTestClient.request(port: port, "POST", "/pub?topic=t&defer=\(bad)", text: "x"), 400,
                    "INVALID_DEFER")
            }
            #expect(stack.engine.stats().topic("t")?.messageCount == 1)
        }
    }

    @Test func deferredPublish() async throws {
        try await withBrokerHTTP { stack in
            stack.engine.createChannel(topic: "t", channel: "c")
            let response = try await HTTPTestClient.request(
                port: stack.httpPort, "POST", "/pub?topic=t&defer=60000", text: "later")
            #expect(response.status == 200)
            let channel = stack.engine.stats().topic("t")?.channel("c")
            #expect(channel?.deferredCount == 1 && channel?.depth == 0)
        }
    }

    @Test func multiPublishText() async throws {
        try await withBrokerHTTP(configuration: Self.smallLimits) { stack in
            let port = stack.httpPort
            stack.engine.createChannel(topic: "t", channel: "c")
            let ok = try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t", text: "a\nbb\n\nccc\n")
            #expect(ok.status == 200 && ok.text == "OK")
            #expect(stack.engine.stats().topic("t")?.channel("c")?.depth == 3)
            let plain = try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t&binary=false", text: "d\ne")
            #expect(plain.status == 200)
            #expect(stack.engine.stats().topic("t")?.channel("c")?.depth == 5)
            let line = String(repeating: "x", count: 1025)
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t", text: "a\n\(line)\n"), 413,
                "MSG_TOO_BIG")
            let body = [UInt8](repeating: 65, count: 4097)
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t", body: body), 413, "BODY_TOO_BIG")
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/mpub", text: "a"), 400, "MISSING_ARG_TOPIC")
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=a%20b", text: "a"), 400,
                "INVALID_TOPIC")
            #expect(stack.engine.stats().topic("t")?.channel("c")?.depth == 5)
        }
    }

    static func binaryBody(_ messages: [String], count: Int32? = nil) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(count ?? Int32(messages.count))
        for message in messages {
            buffer.writeInteger(Int32(message.utf8.count))
            buffer.writeString(message)
        }
        return Array(buffer.readableBytesView)
    }

    @Test func multiPublishBinary() async throws {
        try await withBrokerHTTP(configuration: Self.smallLimits) { stack in
            let port = stack.httpPort
            stack.engine.createChannel(topic: "t", channel: "c")
            let body = Self.binaryBody(["one", "two\nlines", "three"])
            let ok = try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t&binary=true", body: body)
            #expect(ok.status == 200 && ok.text == "OK")
            #expect(stack.engine.stats().topic("t")?.channel("c")?.depth == 3)
            let client = try await NSQTestClient.connect(port: stack.tcpPort)
            var reader = FrameReader(client)
            try await client.send("SUB t c\nRDY 3\n")
            #expect(try await reader.next()?.text == "OK")
            var bodies: [String] = []
            for _ in 0..<3 { bodies.append(String(buffer: try await reader.nextMessage().body)) }
            #expect(bodies == ["one", "two\nlines", "three"])
            await client.close()
            Self.expectError(
                try await HTTPTestClient.request(
                    port: port, "POST", "/mpub?topic=t&binary=1", body: Self.binaryBody([], count: 0)),
                413, "BAD_BODY")
            var truncated = Self.binaryBody(["abc", "defg"])
            truncated.removeLast(2)
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t&binary=true", body: truncated), 413,
                "BAD_MESSAGE")
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t&binary=true", body: [0, 0]), 413,
                "BAD_BODY")
            let huge = Self.binaryBody([String(repeating: "x", count: 1025)])
            Self.expectError(
                try await HTTPTestClient.request(port: port, "POST", "/mpub?topic=t&binary=true", body: huge), 413,
                "BAD_MESSAGE")
        }
    }

    @Test func malformedRequestsGetAnAnswerAndTheServerKeepsServing() async throws {
        try await withBrokerHTTP(configuration: Self.smallLimits) { stack in
            let garbage = try await HTTPTestClient.send(port: stack.httpPort, Array("NOT HTTP AT ALL\r\n\r\n".utf8))
            #expect(garbage.status == 400)
            var chunked = Array("POST /pub?topic=t HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n".utf8)
            chunked += Array("Connection: close\r\n\r\n".utf8)
            for _ in 0..<3 {
                chunked += Array("200\r\n".utf8) + [UInt8](repeating: 65, count: 512) + Array("\r\n".utf8)
            }
            chunked += Array("0\r\n\r\n".utf8)
            Self.expectError(try await HTTPTestClient.send(port: stack.httpPort, chunked), 413, "MSG_TOO_BIG")
            let lying = try await HTTPTestClient.request(
                port: stack.httpPort, "POST", "/pub?topic=t", body: Array("x".utf8), declaredLength: 1_000_000_000)
            Self.expectError(lying, 413, "MSG_TOO_BIG")
            #expect(stack.engine.stats().topic("t") == nil)
            #expect(try await HTTPTestClient.request(port: stack.httpPort, "GET", "/ping").text == "OK")
        }
    }
}
