import Foundation
import MusterTesting
import NIOCore
import NIOPosix
import Testing

@testable import MusterCore

/// `HealthChecker` driving real probes with short real intervals; every wait has a deadline.
@Suite struct HealthCheckerTests {
    static func checker(
        _ readiness: Readiness, port: Int? = nil, workingDirectory: String? = nil,
        notReadyReportInterval: Duration = .seconds(60)
    ) throws -> HealthChecker {
        try HealthChecker(
            readiness: readiness, port: port, environment: ["PATH": "/usr/bin:/bin"],
            workingDirectory: workingDirectory, eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            notReadyReportInterval: notReadyReportInterval)
    }

    static func check(_ probe: HealthCheckDefinition.Probe, interval: Duration = .milliseconds(20), retries: Int = 2)
        -> Readiness
    {
        var definition = HealthCheckDefinition(probe: probe)
        definition.interval = interval
        definition.retries = retries
        return .healthcheck(definition)
    }

    /// Runs `checker` while `body` runs, then cancels it and waits for it to end.
    static func running(
        _ checker: HealthChecker, _ recorder: HealthEventRecorder, _ body: () async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await checker.run { recorder.record($0) } }
            do {
                try await body()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    @Test func goesReadyThenUnhealthyThenHealthyAgain() async throws {
        try await HealthTestHTTPServer.with(.status(200)) { server in
            let checker = try Self.checker(Self.check(.http("/health")), port: server.port)
            let recorder = HealthEventRecorder()
            try await Self.running(checker, recorder) {
                try await recorder.waitFor("ready") { $0.isReady }
                server.answer(.status(503))
                try await recorder.waitFor("unhealthy") { $0.isUnhealthy }
                server.answer(.status(200))
                let events = try await recorder.waitFor("healthy again") { $0 == .healthyAgain }
                #expect(events.count == 3, "\(events)")
                #expect(events[0].isReady)
                #expect(events[1] == .unhealthy(reason: "GET /health answered 503 (2 checks failed in a row)"))
            }
        }
    }

    @Test func saysWhyItIsNotReadyYetThenGoesReady() async throws {
        try await HealthTestHTTPServer.with(.status(503)) { server in
            let checker = try Self.checker(
                Self.check(.http("/health")), port: server.port, notReadyReportInterval: .milliseconds(50))
            let recorder = HealthEventRecorder()
            try await Self.running(checker, recorder) {
                try await recorder.waitFor("not ready yet") { $0.isNotReadyYet }
                #expect(recorder.events.first == .notReadyYet(detail: "GET /health answered 503"))
                server.answer(.status(200))
                try await recorder.waitFor("ready") { $0.isReady }
                #expect(!recorder.events.contains { $0.isUnhealthy }, "failures before ready never make it unhealthy")
            }
        }
    }

    @Test func portReadinessWaitsForTheListenerThenEnds() async throws {
        let reserved = try HealthReservedPort()
        let port = reserved.port
        let checker = try Self.checker(.portAccepts(port), notReadyReportInterval: .milliseconds(50))
        let recorder = HealthEventRecorder()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await checker.run { recorder.record($0) } }
            try await recorder.waitFor("not ready yet") { $0.isNotReadyYet }
            #expect(recorder.events.first == .notReadyYet(detail: "connection refused on port \(port)"))
            reserved.listen()
            try await group.next()  // run ends by itself once the port accepts
            #expect(recorder.events.last?.isReady == true)
            #expect(recorder.events.filter(\.isReady).count == 1)
        }
    }

    @Test func execReadinessWithTheInstanceDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let checker = try Self.checker(Self.check(.exec("test -f up")), workingDirectory: directory.path)
        let recorder = HealthEventRecorder()
        try await Self.running(checker, recorder) {
            try directory.write("up", "")
            try await recorder.waitFor("ready") { $0.isReady }
        }
    }

    @Test func cancellingKillsAnExecProbeInFlight() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var definition = HealthCheckDefinition(probe: .exec("echo $$ > pid; exec sleep 30"))
        definition.timeout = .seconds(60)
        let checker = try Self.checker(.healthcheck(definition), workingDirectory: directory.path)
        let recorder = HealthEventRecorder()
        var pid: Int32?
        try await Self.running(checker, recorder) {
            try await waitUntil("the probe to start", timeout: .seconds(30)) {
                pid = Int32((try? directory.read("pid"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
                return pid != nil
            }
        }
        let group = ProcessGroup(id: try #require(pid))
        #expect(!group.isAlive, "the run ended only after its probe's process group was gone")
        #expect(recorder.events.isEmpty)
    }

    @Test func logReadinessOnTheFirstMatchingLine() async throws {
        let checker = try Self.checker(
            Self.check(.log(#"listening on \d+"#)), notReadyReportInterval: .milliseconds(30))
        let watcher = try #require(checker.logWatcher)
        let recorder = HealthEventRecorder()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await checker.run { recorder.record($0) } }
            #expect(watcher.observe(line: "starting up") == false)
            try await recorder.waitFor("not ready yet") { $0.isNotReadyYet }
            #expect(
                recorder.events.first == .notReadyYet(detail: #"no output line has matched `listening on \d+` yet"#))
            #expect(watcher.observe(line: "INFO listening on 9002"))
            try await group.next()  // run ends by itself once ready
            #expect(recorder.events.last?.isReady == true)
        }
    }

    @Test func runningReadinessIsReadyAtOnce() async throws {
        let checker = try Self.checker(.running)
        #expect(checker.logWatcher == nil)
        let recorder = HealthEventRecorder()
        await checker.run { recorder.record($0) }
        #expect(recorder.events == [.ready(after: .zero)])
    }

    @Test func checksThatCannotWorkAreErrors() {
        #expect(throws: HealthCheckError.noPort(probe: "http: /health")) {
            try Self.checker(Self.check(.http("/health")), port: nil)
        }
        #expect(throws: HealthCheckError.self) { try Self.checker(Self.check(.log("(unclosed"))) }
    }
}
