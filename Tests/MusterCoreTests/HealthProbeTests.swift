import Foundation
import MusterTesting
import NIOCore
import NIOPosix
import Testing

@testable import MusterCore

/// Each probe kind against real sockets and real processes.
@Suite struct HealthProbeTests {
    static var group: any EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    static func probe(
        _ kind: HealthCheckDefinition.Probe, port: Int? = nil, timeout: Duration = .seconds(2),
        environment: [String: String] = ["PATH": "/usr/bin:/bin"], workingDirectory: String? = nil
    ) throws -> HealthProbe {
        try HealthProbe(
            kind, timeout: timeout, port: port, environment: environment, workingDirectory: workingDirectory,
            eventLoopGroup: group)
    }

    /// Whether `pid` is gone or a zombie (dead, waiting for its parent to reap it).
    static func isDead(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return true }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[close...].dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    // MARK: - http

    @Test func httpAnswersDecideHealth() async throws {
        try await HealthTestHTTPServer.with(.status(200)) { server in
            let probe = try Self.probe(.http("/health?deep=1"), port: server.port)
            #expect(await probe.attempt() == ProbeResult(success: true, detail: "GET /health?deep=1 answered 200"))
            server.answer(.status(301))
            #expect(await probe.attempt().success, "3xx is healthy")
            server.answer(.status(503))
            #expect(await probe.attempt() == ProbeResult(success: false, detail: "GET /health?deep=1 answered 503"))
            server.answer(.status(404))
            #expect(await probe.attempt().success == false)
            let head = server.requests.first ?? ""
            #expect(head == "GET /health?deep=1 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nConnection: close")
        }
    }

    @Test func httpTakesAFullURL() async throws {
        try await HealthTestHTTPServer.with(.status(204)) { server in
            let url = "http://127.0.0.1:\(server.port)/ready"
            let probe = try Self.probe(.http(url), port: nil)
            #expect(await probe.attempt() == ProbeResult(success: true, detail: "GET \(url) answered 204"))
            #expect(server.requests.first?.hasPrefix("GET /ready HTTP/1.1\r\n") == true)
        }
    }

    @Test func httpToAClosedPortIsRefused() async throws {
        let reserved = try HealthReservedPort()
        let result = try await Self.probe(.http("/health"), port: reserved.port).attempt()
        #expect(result == ProbeResult(success: false, detail: "connection refused on port \(reserved.port)"))
    }

    @Test func httpThatNeverAnswersTimesOut() async throws {
        try await HealthTestHTTPServer.with(.silent) { server in
            let start = ContinuousClock.now
            let result = try await Self.probe(.http("/health"), port: server.port, timeout: .milliseconds(200))
                .attempt()
            #expect(result == ProbeResult(success: false, detail: "GET /health timed out after 200ms"))
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test func httpAnswersThatAreNotHTTPFail() async throws {
        try await HealthTestHTTPServer.with(.garbage) { server in
            let probe = try Self.probe(.http("/health"), port: server.port)
            let garbage = await probe.attempt()
            #expect(
                garbage
                    == ProbeResult(
                        success: false, detail: "GET /health got an answer that is not HTTP: SSH-2.0-OpenSSH"))
            server.answer(.hangUp)
            #expect(
                await probe.attempt()
                    == ProbeResult(success: false, detail: "GET /health got no answer: the connection closed"))
        }
    }

    @Test func httpTargetsParse() throws {
        let own = try HTTPTarget(parsing: "/health", ownPort: 9002)
        #expect(own == HTTPTarget(host: "127.0.0.1", port: 9002, path: "/health", displayName: "/health"))
        let url = try HTTPTarget(parsing: "http://localhost:8080/a/b?c=d", ownPort: nil)
        #expect(url.host == "localhost" && url.port == 8080 && url.path == "/a/b?c=d")
        let bare = try HTTPTarget(parsing: "http://example.test", ownPort: nil)
        #expect(bare.port == 80 && bare.path == "/")
        let v6 = try HTTPTarget(parsing: "http://[::1]:81/x", ownPort: nil)
        #expect(v6.host == "::1" && v6.port == 81)
        #expect(throws: HealthCheckError.noPort(probe: "http: /health")) {
            try HTTPTarget(parsing: "/health", ownPort: nil)
        }
        for bad in ["health", "https://a/b", "http://:80/", "http://a:99999/", "http://a:x/"] {
            #expect(throws: HealthCheckError.invalidURL(bad)) { try HTTPTarget(parsing: bad, ownPort: 1) }
        }
    }

    // MARK: - tcp

    @Test func tcpPassesOnAListeningPortAndFailsOnAClosedOne() async throws {
        try await HealthTestHTTPServer.with { server in
            let open = try await Self.probe(.tcp(port: nil), port: server.port).attempt()
            #expect(open == ProbeResult(success: true, detail: "port \(server.port) accepts connections"))
            let explicit = try await Self.probe(.tcp(port: server.port), port: 1).attempt()
            #expect(explicit.success)
        }
        let reserved = try HealthReservedPort()
        let closed = try await Self.probe(.tcp(port: reserved.port)).attempt()
        #expect(closed == ProbeResult(success: false, detail: "connection refused on port \(reserved.port)"))
        #expect(throws: HealthCheckError.noPort(probe: "tcp")) { try Self.probe(.tcp(port: nil)) }
    }

    // MARK: - exec

    @Test func execExitCodesDecideHealth() async throws {
        #expect(
            try await Self.probe(.exec("true")).attempt()
                == ProbeResult(success: true, detail: "`true` exited with code 0"))
        #expect(
            try await Self.probe(.exec("exit 3")).attempt()
                == ProbeResult(success: false, detail: "`exit 3` exited with code 3"))
        let long = try await Self.probe(.exec("curl -sf http://127.0.0.1:1/health/and/more; exit 7")).attempt()
        #expect(long.detail == "`curl -sf http://127.0.0.1:1/health/and/…` exited with code 7")
    }

    @Test func execRunsInTheInstanceEnvironmentAndDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let probe = try Self.probe(
            .exec(#"test "$GREETING" = hello && test "$(pwd -P)" = "$(cd \#(directory.path) && pwd -P)""#),
            environment: ["PATH": "/usr/bin:/bin", "GREETING": "hello"], workingDirectory: directory.path)
        #expect(await probe.attempt().success)
    }

    @Test func execThatOverrunsItsTimeoutIsKilledWithItsGroup() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        let probe = try HealthProbe(
            .exec("echo $$ > pid; sleep 60 & echo $! > child; wait"), timeout: .seconds(1), port: nil,
            environment: ["PATH": "/usr/bin:/bin"], workingDirectory: directory.path,
            eventLoopGroup: Self.group, clock: clock)
        async let attempt = probe.attempt()
        var sleeper: Int32?
        try await waitUntil("the command to start its sleep", timeout: .seconds(30)) {
            sleeper = Int32((try? directory.read("child"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
            return sleeper != nil && clock.sleeperCount == 1
        }
        let shell = try #require(Int32(try directory.read("pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!Self.isDead(try #require(sleeper)), "still sleeping before the timeout")
        clock.advance(by: .seconds(1))
        let result = await attempt
        #expect(
            result
                == ProbeResult(
                    success: false,
                    detail: "`echo $$ > pid; sleep 60 & echo $! > chi…` timed out after 1s and was killed"))
        #expect(kill(shell, 0) != 0, "the shell was killed and reaped")
        // The sleep, orphaned, stays a zombie until whoever inherited it reaps it; either way it is dead.
        try await waitUntil("the sleep to be killed", timeout: .seconds(10)) { Self.isDead(try #require(sleeper)) }
    }

    @Test func execLeavesNoBackgroundedChildBehind() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let probe = try Self.probe(.exec("sleep 30 & echo $! > child"), workingDirectory: directory.path)
        #expect(await probe.attempt().success)
        let sleeper = try #require(Int32(try directory.read("child").trimmingCharacters(in: .whitespacesAndNewlines)))
        try await waitUntil("the backgrounded sleep to be killed", timeout: .seconds(30)) { Self.isDead(sleeper) }
    }

    @Test func execThatCannotStartSaysSo() async throws {
        let result = try await Self.probe(.exec("true"), workingDirectory: "/nonexistent/muster-health").attempt()
        #expect(!result.success)
        #expect(result.detail.hasPrefix("`true` could not start: "))
        #expect(result.detail.contains("/nonexistent/muster-health"))
    }

    @Test func logIsNotAnAttempt() {
        #expect(throws: HealthCheckError.notAnAttempt) { try Self.probe(.log("listening")) }
    }
}
