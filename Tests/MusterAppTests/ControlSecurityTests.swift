import MusterTesting
import Testing

@testable import MusterApp
@testable import MusterCore

/// The Host check and the body limit, with hand-written requests over TCP and the unix socket.
@Suite struct ControlSecurityTests {
    static func get(_ path: String, host: String?, port: Int) async throws -> ControlRawResponse {
        let hostLine = host.map { "Host: \($0)\r\n" } ?? ""
        return try await ControlRawConnection.exchange(
            "GET \(path) HTTP/1.1\r\n\(hostLine)Connection: close\r\n\r\n", over: try await .tcp(port: port))
    }

    @Test func tcpRequestsWithAForeignHostAreRefused() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            for host in [
                "evil.example", "evil.example:\(running.port)", "localhost.evil.example", "127.0.0.2", "0.0.0.0",
            ] {
                let answer = try await Self.get("/v1/services", host: host, port: running.port)
                #expect(answer.status == 403, "Host: \(host)")
                #expect(answer.headers["content-type"] == "application/json")
                #expect(answer.body.contains(#"{"error":"#), "Host: \(host)")
            }
            let unknown = try await Self.get("/v1/nope", host: "evil.example", port: running.port)
            #expect(unknown.status == 403)
        }
    }

    static func post(_ path: String, headers: [String], body: String = "", port: Int) async throws
        -> ControlRawResponse
    {
        let lines = (["Host: 127.0.0.1:\(port)", "Content-Length: \(body.utf8.count)", "Connection: close"] + headers)
            .map { $0 + "\r\n" }.joined()
        return try await ControlRawConnection.exchange(
            "POST \(path) HTTP/1.1\r\n\(lines)\r\n\(body)", over: try await .tcp(port: port))
    }

    @Test("A page of another site cannot stop the stack or a service; the API's own origin and the CLI can")
    func crossSiteRequestsCannotChangeAnything() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let forged: [[String]] = [
                ["Origin: http://evil.example", "Content-Type: application/x-www-form-urlencoded"],
                ["Origin: http://evil.example"], ["Origin: http://localhost:3000"], ["Origin: null"],
                ["Sec-Fetch-Site: cross-site"], ["Content-Type: text/plain"],
                ["Content-Type: multipart/form-data; boundary=x"],
            ]
            for headers in forged {
                for path in ["/v1/shutdown", "/v1/services/web/stop"] {
                    let answer = try await Self.post(path, headers: headers, body: "a=1", port: running.port)
                    #expect(answer.status == 403, "\(path) \(headers)")
                    #expect(answer.body.contains(#"{"error":"#), "\(path) \(headers)")
                }
            }
            #expect(await running.plane.shutdowns == 0)
            #expect(await running.plane.requests.isEmpty)
            let own = try await Self.post(
                "/v1/services/web/stop", headers: ["Origin: http://127.0.0.1:\(running.port)"], port: running.port)
            #expect(own.status == 200)
            // An empty body says nothing, whatever its label (Python's urllib calls `data=b""` a form).
            let urllib = try await Self.post(
                "/v1/services/web/start", headers: ["Content-Type: application/x-www-form-urlencoded"],
                port: running.port)
            #expect(urllib.status == 200)
            #expect(try await Self.post("/v1/shutdown", headers: [], port: running.port).status == 202)
        }
    }

    @Test("Invalid chunked encoding is a 400, and the stack keeps running")
    func invalidChunkedEncodingIsABadRequest() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let answer = try await ControlRawConnection.exchange(
                "POST /v1/shutdown HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n",
                over: try await .tcp(port: running.port))
            #expect(answer.status == 400, "\(answer.status) \(answer.body)")
            #expect(await running.plane.shutdowns == 0)
            #expect(try await Self.get("/v1/services", host: "localhost", port: running.port).status == 200)
        }
    }

    @Test func tcpRequestsWithALoopbackHostAreServed() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            for host in [
                "localhost", "LOCALHOST:\(running.port)", "127.0.0.1", "127.0.0.1:\(running.port)", "[::1]",
                "[::1]:7700",
            ] {
                let answer = try await Self.get("/v1/services", host: host, port: running.port)
                #expect(answer.status == 200, "Host: \(host)")
                #expect(answer.body.contains(#""project":"demo""#), "Host: \(host)")
            }
        }
    }

    @Test func aMissingHostIsRefusedOverTCPButAcceptedOverTheUnixSocket() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let overTCP = try await Self.get("/v1/services", host: nil, port: running.port)
            #expect(overTCP.status == 403)
            let overUnix = try await ControlRawConnection.exchange(
                "GET /v1/services HTTP/1.1\r\nConnection: close\r\n\r\n",
                over: try await .unix(path: running.socketPath))
            #expect(overUnix.status == 200)
            let foreignOverUnix = try await ControlRawConnection.exchange(
                "GET /v1/services HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
                over: try await .unix(path: running.socketPath))
            #expect(foreignOverUnix.status == 403)
        }
    }

    @Test func aSecondHostHeaderIsRefused() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let answer = try await ControlRawConnection.exchange(
                "GET /v1/services HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
                over: try await .tcp(port: running.port))
            #expect(answer.status == 403)
        }
    }

    @Test func bodiesOver64KiBAre413() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let declared = try await ControlRawConnection.exchange(
                "POST /v1/services/web/restart HTTP/1.1\r\nHost: localhost\r\nContent-Length: 70000\r\n\r\n",
                over: try await .tcp(port: running.port))
            #expect(declared.status == 413)
            #expect(declared.body.contains("64 KiB"))
            let chunk = String(repeating: "x", count: 40_000)
            let chunkHex = String(chunk.utf8.count, radix: 16)
            let chunked = try await ControlRawConnection.exchange(
                "POST /v1/services/web/restart HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "\(chunkHex)\r\n\(chunk)\r\n\(chunkHex)\r\n\(chunk)\r\n0\r\n\r\n",
                over: try await .tcp(port: running.port))
            #expect(chunked.status == 413, "\(chunked.body)")
            #expect(await running.plane.requests.isEmpty)
            let small = try await ControlRawConnection.exchange(
                "POST /v1/services/web/restart HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}",
                over: try await .tcp(port: running.port))
            #expect(small.status == 200)
        }
    }

    @Test func loopbackNames() {
        for name in ["localhost", "localhost:1", "127.0.0.1:65535", "[::1]", "[::1]:80", "LocalHost"] {
            #expect(ControlGuardMiddleware.isLoopback(name), "\(name)")
        }
        for name in ["", "localhost:", "localhost:x", "[::1", "::1", "127.0.0.1.evil", "evil:localhost", "[::2]:80"] {
            #expect(!ControlGuardMiddleware.isLoopback(name), "\(name)")
        }
    }
}
