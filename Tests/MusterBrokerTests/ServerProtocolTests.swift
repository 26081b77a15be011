import MusterBroker
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1))) struct ServerProtocolTests {
    @Test func identifyNegotiatesTheFullFeatureSet() async throws {
        try await withNSQServer { _, port in
            let client = try await NSQTestClient.connect(port: port)
            var reader = FrameReader(client)
            try await client.send(
                "IDENTIFY\n", body: #"{"feature_negotiation":true,"heartbeat_interval":1000,"msg_timeout":5000}"#)
            let json = try #require(try await reader.next()?.text)
            #expect(
                json
                    == #"{"max_rdy_count":2500,"version":"1.3.0","max_msg_timeout":900000,"msg_timeout":5000,"tls_v1":false,"deflate":false,"deflate_level":6,"max_deflate_level":6,"snappy":false,"sample_rate":0,"auth_required":false,"output_buffer_size":16384,"output_buffer_timeout":250,"topology_region":"","topology_zone":""}"#
            )
            try await client.send("IDENTIFY\n", body: "{}")
            #expect(try await reader.next()?.text == "OK")
            await client.close()
        }
    }

    /// (setup lines, offending bytes, expected error prefix, fatal)
    static let errorCases: [(String, String, String, Bool)] = [
        ("", "XXXX", "E_BAD_PROTOCOL", true),
        ("  V2", "FOO\n", "E_INVALID invalid command FOO", true),
        ("  V2", "PUB bad/name\n", "E_BAD_TOPIC PUB topic name", true),
        ("  V2", "SUB t bad/name\n", "E_BAD_CHANNEL", true),
        ("  V2", "PUB t\n\0\0\0\0", "E_BAD_MESSAGE", true),
        ("  V2", "MPUB t\n\0\0\0\0", "E_BAD_BODY", true),
        ("  V2", "IDENTIFY\n\0\0\0\u{2}{]", "E_BAD_BODY", true),
        // nsqd without an auth server (auth_http_address unset) refuses AUTH with exactly this fatal error.
        ("  V2", "AUTH\n\0\0\0\u{1}x", "E_AUTH_DISABLED AUTH disabled", true),
        ("  V2", "RDY 1\n", "E_INVALID cannot RDY in current state", true),
        ("  V2", "CLS\n", "E_INVALID cannot CLS in current state", true),
        ("  V2", "FIN 0123456789abcdef\n", "E_INVALID cannot FIN in current state", true),
        ("  V2SUB t c\n", "IDENTIFY\n\0\0\0\u{2}{}", "E_INVALID cannot IDENTIFY in current state", true),
        ("  V2SUB t c\n", "RDY 2501\n", "E_INVALID RDY count 2501", true),
        ("  V2SUB t c\n", "FIN 0123456789abcdef\n", "E_FIN_FAILED FIN 0123456789abcdef failed ID not in flight", false),
        ("  V2SUB t c\n", "REQ 0123456789abcdef 0\n", "E_REQ_FAILED", false),
        ("  V2SUB t c\n", "TOUCH 0123456789abcdef\n", "E_TOUCH_FAILED", false),
        ("  V2SUB t c\n", "DPUB t 3600001\n", "E_INVALID DPUB timeout", true),
        (
            "  V2IDENTIFY\n\0\0\0\u{19}{\"heartbeat_interval\":-1}", "SUB t c\n",
            "E_INVALID cannot SUB with heartbeats disabled", true
        ),
    ]

    @Test(arguments: errorCases.indices)
    func answersEveryErrorWithTheExactFrame(_ index: Int) async throws {
        let (setup, offending, expected, fatal) = Self.errorCases[index]
        try await withNSQServer { _, port in
            let client = try await NSQTestClient.connect(port: port, magic: "")
            var reader = FrameReader(client)
            if !setup.isEmpty {
                try await client.send(setup)
                if setup.count > 4 { #expect(try await reader.next()?.text == "OK") }
            }
            try await client.send(offending)
            let frame = try await reader.next()
            guard case .error(let text) = frame else { throw UnexpectedFrame(frame: frame) }
            #expect(text.hasPrefix(expected), "got \(text)")
            if fatal {
                #expect(try await reader.next() == nil)
            } else {
                try await client.send("PUB t\n", body: "still open")
                #expect(try await reader.next()?.text == "OK")
                await client.close()
            }
        }
    }

    @Test func heartbeatsAreSentAndSilentClientsAreClosed() async throws {
        try await withNSQServer { _, port in
            let client = try await NSQTestClient.connect(port: port)
            var reader = FrameReader(client)
            // 8 s: long enough that a stalled test process still answers the heartbeat in time.
            try await client.send("IDENTIFY\n", body: #"{"heartbeat_interval":8000}"#)
            #expect(try await reader.next()?.text == "OK")
            #expect(try await reader.next(heartbeats: true)?.text == "_heartbeat_")
            try await client.send("NOP\n")
            #expect(try await reader.next(heartbeats: true)?.text == "_heartbeat_")
            // Silence from here on: the server closes within 2 × interval of the last NOP.
            #expect(try await reader.next(within: 30) == nil)
        }
    }

    @Test func closeWaitStopsDeliveries() async throws {
        try await withNSQServer { _, port in
            let client = try await NSQTestClient.connect(port: port)
            var reader = FrameReader(client)
            try await client.send("SUB t c\nRDY 5\nCLS\n")
            #expect(try await reader.next()?.text == "OK")
            #expect(try await reader.next()?.text == "CLOSE_WAIT")
            try await client.send("PUB t\n", body: "x")
            #expect(try await reader.next()?.text == "OK")
            try await client.send("RDY 3\n")
            try await client.send("NOP\n")
            await client.close()
        }
    }
}
