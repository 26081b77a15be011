import Foundation
import MusterTesting
import Testing

/// `muster test` against real stacks.
@Suite("muster test")
struct TestCommandTests {
    static let stack = """
        services:
          api:
            command: [python3, -m, http.server, "$PORT", --bind, 127.0.0.1]
            port: auto
          migrate:
            command: echo migrated
            oneshot: true
        """

    static func project(_ yaml: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("muster.yaml", yaml)
        return directory
    }

    @Test("A passing command against a ready stack exits 0, and the stack is gone afterwards")
    func passing() async throws {
        let directory = try Self.project(Self.stack)
        defer { directory.remove() }
        let muster = try await RunningMuster(
            [
                "test", "--", "python3", "-c",
                "import os, urllib.request; urllib.request.urlopen(os.environ['API_URL']); print('checked', os.environ['MUSTER_API'][:7])",
            ],
            in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit(timeout: .seconds(60)) == 0)
        #expect(muster.output.contains("checked http://"))
        #expect(muster.errorOutput.contains("muster test: ready after"))
        #expect(muster.errorOutput.contains("passed"))
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
        #expect(try directory.read(".muster/logs/api.log").contains("Serving HTTP"))
    }

    @Test("A failing command's exit code comes back")
    func failing() async throws {
        let directory = try Self.project(Self.stack)
        defer { directory.remove() }
        let muster = try await RunningMuster(["test", "--", "sh", "-c", "exit 7"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit(timeout: .seconds(60)) == 7)
        #expect(muster.errorOutput.contains("failed: the command exited with code 7"))
    }

    @Test("A stack that cannot get ready: which service, why, its last lines, exit 1, the command never runs")
    func neverReady() async throws {
        let directory = try Self.project(
            """
            services:
              db:
                command: 'echo "db: bad config"; sleep 0.2; exit 4'
                restart: "no"
                healthcheck: {log: "accepting connections"}
              api:
                command: exec sleep 1000
                depends_on: {db: {condition: service_healthy}}
            """)
        defer { directory.remove() }
        let muster = try await RunningMuster(["test", "--", "sh", "-c", "echo ran-the-tests"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit(timeout: .seconds(60)) == 1)
        #expect(!muster.output.contains("ran-the-tests"))
        #expect(muster.errorOutput.contains("the stack did not become ready"), "got: \(muster.errorOutput)")
        #expect(muster.errorOutput.contains("db | db: bad config"))
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("--timeout: a service that never gets ready is named")
    func timeout() async throws {
        let directory = try Self.project(
            """
            services:
              slow:
                command: exec sleep 1000
                healthcheck: {exec: "false", interval: 100ms}
            """)
        defer { directory.remove() }
        let muster = try await RunningMuster(["test", "--timeout", "1s", "--", "true"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit(timeout: .seconds(30)) == 1)
        #expect(muster.errorOutput.contains("not ready after 1s: slow (running)"), "got: \(muster.errorOutput)")
    }

    @Test("A stack already running for the project: muster test says so on standard error and exits 1")
    func alreadyRunning() async throws {
        let directory = try Self.project(Self.stack)
        defer { directory.remove() }
        let running = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { running.terminate() }
        try await running.waitForOutput("api started")
        let muster = try await RunningMuster(["test", "--", "sh", "-c", "echo ran-the-tests"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit(timeout: .seconds(60)) == 1)
        #expect(!muster.output.contains("ran-the-tests"))
        #expect(muster.errorOutput.contains("muster is already running for"), "got: \(muster.errorOutput)")
        running.send(SIGINT)
        _ = try await running.waitForExit(timeout: .seconds(30))
    }
}
