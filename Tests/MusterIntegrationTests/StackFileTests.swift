import Foundation
import MusterTesting
import Testing

/// muster.yaml stacks run by the real binary: dependency order, readiness, blocking, health.
@Suite("Stack files")
struct StackFileTests {
    static func stack(_ yaml: String, files: [String: String] = [:]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("muster.yaml", yaml)
        for (name, contents) in files { try directory.write(name, contents) }
        return directory
    }

    static func nanoseconds(_ directory: TemporaryDirectory, _ file: String) throws -> Int64 {
        try #require(Int64(directory.read(file).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test("A three-level chain starts in order, each level only after the one below is ready")
    func dependencyChain() async throws {
        let directory = try Self.stack(
            """
            services:
              db:
                command: sleep 0.4; date +%s%N > db.ready; echo "db accepting connections"; exec sleep 1000
                healthcheck: {log: "accepting connections"}
              api:
                command: date +%s%N > api.started; exec python3 -m http.server $PORT --bind 127.0.0.1
                port: auto
                depends_on: {db: {condition: service_healthy}}
              web:
                command: date +%s%N > web.started; exec sleep 1000
                depends_on:
                  api: {condition: service_healthy}
            """)
        defer { directory.remove() }
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        try await muster.waitForOutput("web started", timeout: .seconds(20))
        let dbReady = try Self.nanoseconds(directory, "db.ready")
        let apiStarted = try Self.nanoseconds(directory, "api.started")
        let webStarted = try Self.nanoseconds(directory, "web.started")
        #expect(dbReady < apiStarted, "api started before db was ready")
        #expect(apiStarted < webStarted)
        let output = muster.output
        let apiReady = try #require(output.range(of: "api ready after"))
        let webStartLine = try #require(output.range(of: "web started"))
        #expect(apiReady.lowerBound < webStartLine.lowerBound, "web started before api was ready:\n\(output)")
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
        let stopped = ["web stopped", "api stopped", "db stopped"].compactMap {
            muster.output.range(of: $0)?.lowerBound
        }
        #expect(stopped.count == 3 && stopped == stopped.sorted(), "not stopped in reverse order:\n\(muster.output)")
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("A failing migration blocks its dependents at once, and muster exits with its code")
    func failingMigration() async throws {
        let directory = try Self.stack(
            """
            services:
              migrate:
                command: echo migrating; exit 3
                oneshot: true
              api:
                command: echo api-ran; exec sleep 1000
                depends_on: {migrate: {condition: service_completed_successfully}}
              web:
                command: echo web-ran; exec sleep 1000
                depends_on: [api]
            """)
        defer { directory.remove() }
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit() == 3)
        #expect(muster.output.contains("api blocked: migrate exited with code 3"))
        #expect(muster.output.contains("web blocked: api is blocked (migrate exited with code 3)"))
        #expect(!muster.output.contains("api-ran"))
        #expect(!muster.output.contains("web-ran"))
    }

    @Test("A successful oneshot job lets its dependents start")
    func successfulMigration() async throws {
        let directory = try Self.stack(
            """
            services:
              migrate:
                command: echo migrated
                oneshot: true
              api:
                command: echo api-ran
                depends_on: {migrate: {condition: service_completed_successfully}}
            """)
        defer { directory.remove() }
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit() == 0)
        #expect(muster.output.contains("migrate completed successfully"))
        let completed = try #require(muster.output.range(of: "migrate completed successfully"))
        let ran = try #require(muster.output.range(of: "api-ran"))
        #expect(completed.lowerBound < ran.lowerBound)
    }

    @Test("An HTTP health check that starts failing makes the service unhealthy and restarts it")
    func unhealthyRestart() async throws {
        let server = """
            import http.server, os
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    healthy = not os.path.exists("sick")
                    self.send_response(200 if healthy else 503)
                    self.end_headers()
                def log_message(self, *args):
                    pass
            print("serving", flush=True)
            http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
            """
        let directory = try Self.stack(
            """
            services:
              api:
                command: [python3, server.py]
                port: auto
                healthcheck:
                  http: /health
                  interval: 100ms
                  timeout: 1s
                  retries: 2
            """, files: ["server.py": server])
        defer { directory.remove() }
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        try await muster.waitForOutput("api ready after", timeout: .seconds(20))
        try directory.write("sick", "")
        try await muster.waitForOutput(
            "api unhealthy: GET /health answered 503 (2 checks failed in a row); restarting it", timeout: .seconds(20))
        try await muster.waitForOutput("api started", count: 2, timeout: .seconds(20))
        try FileManager.default.removeItem(atPath: "\(directory.path)/sick")
        try await muster.waitForOutput("api ready after", count: 2, timeout: .seconds(20))
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
    }

    @Test("Replicas get consecutive ports and every other service sees their addresses")
    func replicasAndPeers() async throws {
        let directory = try Self.stack(
            """
            name: demo
            services:
              api:
                command: exec sleep 1000
                port: 19850
                replicas: 2
                healthcheck: {exec: "true"}
              client:
                command: echo "peers $API_URL $services__api__http__0 $services__api__http__1 $MUSTER_PROJECT $PS"
                depends_on: [api]
            """)
        defer { directory.remove() }
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        try await muster.waitForOutput("client exited with code 0", timeout: .seconds(20))
        #expect(
            muster.output.contains(
                "peers http://127.0.0.1:19850 http://127.0.0.1:19850 http://127.0.0.1:19851 demo client.1"))
        #expect(muster.output.contains("api.1 started"))
        #expect(muster.output.contains("api.2 started"))
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
    }

    @Test("check reports a misspelt key with its line and column and a suggestion")
    func typo() async throws {
        let directory = try Self.stack(
            """
            services:
              api:
                comand: sleep 1
            """)
        defer { directory.remove() }
        let muster = try await RunningMuster(["check"], in: directory.path)
        #expect(try await muster.waitForExit() == 1)
        #expect(muster.errorOutput.contains("muster.yaml:3:5:"), "got: \(muster.errorOutput)")
        #expect(muster.errorOutput.contains("command"))
    }

    @Test("muster check warns about more than 500 replicas and still says the file is valid")
    func checkWarnsAboutManyReplicas() async throws {
        let directory = try Self.stack(
            """
            services:
              worker:
                command: sleep 1
                replicas: 10000
            """)
        defer { directory.remove() }
        let refused = try await RunningMuster(["check"], in: directory.path)
        #expect(try await refused.waitForExit() == 1)
        #expect(refused.errorOutput.contains("Muster can guard at most 8192"), "got: \(refused.errorOutput)")
        try directory.write("muster.yaml", "services:\n  worker:\n    command: sleep 1\n    replicas: 600\n")
        let warned = try await RunningMuster(["check"], in: directory.path)
        #expect(try await warned.waitForExit() == 0)
        #expect(
            warned.errorOutput.contains("muster: warning: worker has 600 replicas, over 500"), "\(warned.errorOutput)")
        #expect(warned.output.contains("valid: worker"))
    }

    @Test(
        "Profiled services start only with --profile or when named",
        arguments: [
            ([] as [String], false), (["--profile", "debug"], true), (["debugger"], true),
        ])
    func profiles(arguments: [String], debuggerRuns: Bool) async throws {
        let directory = try Self.stack(
            """
            services:
              app:
                command: echo app-ran
              debugger:
                command: echo debugger-ran
                profiles: [debug]
            """)
        defer { directory.remove() }
        let muster = try await RunningMuster(["start", "--no-timestamps"] + arguments, in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit() == 0)
        #expect(muster.output.contains("debugger-ran") == debuggerRuns)
        #expect(muster.output.contains("app-ran") == (arguments != ["debugger"]))
    }

    @Test("config --explain names the origin of every variable")
    func explain() async throws {
        let directory = try Self.stack(
            """
            environment: {LOG_LEVEL: info, REGION: eu}
            services:
              db:
                command: sleep 1
                port: 9300
              api:
                command: sleep 1
                environment: {LOG_LEVEL: debug}
                env_file: api.env
            """, files: ["api.env": "FEATURE=on\n", ".env": "FROM_DOTENV=yes\n"])
        defer { directory.remove() }
        let muster = try await RunningMuster(["config", "--explain", "api"], in: directory.path)
        #expect(try await muster.waitForExit() == 0)
        let lines = muster.output.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true)
        }
        func origin(_ name: String) -> String? {
            lines.first { $0.first.map(String.init) == name }.map { $0.dropFirst(2).joined(separator: " ") }
        }
        #expect(origin("LOG_LEVEL") == "service environment")
        #expect(origin("REGION") == "stack environment")
        #expect(origin("DB_URL") == "injected")
        #expect(origin("FROM_DOTENV") == ".env")
        #expect(origin("FEATURE")?.hasSuffix("api.env") == true)
    }

    @Test("tty: true runs the service on a pseudo-terminal with colour forced; others get a pipe")
    func pseudoTerminal() async throws {
        let directory = try Self.stack(
            """
            services:
              term:
                command: 'if [ -t 1 ] && [ -t 0 ]; then echo "tty $FORCE_COLOR $CLICOLOR_FORCE"; else echo no-tty; fi'
                tty: true
              plain:
                command: 'if [ -t 1 ]; then echo tty; else echo "pipe ${FORCE_COLOR:-unset}"; fi'
            """)
        defer { directory.remove() }
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit() == 0)
        #expect(muster.output.contains("term   | tty 1 1\n"), "got: \(muster.output)")
        #expect(muster.output.contains("plain  | pipe unset\n"))
    }
}
