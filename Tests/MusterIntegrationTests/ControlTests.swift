import Foundation
import MusterCore
import MusterTesting
import Testing

/// The control API and its CLI clients against a real running stack.
@Suite("Control API and CLI clients", .serialized)
struct ControlTests {
    static let procfile = """
        web: echo "web up on $PORT"; exec sleep 1000
        worker: echo "worker $MUSTER_API"; while true; do echo "working"; sleep 0.2; done
        """

    /// Starts a stack on a free API port and waits until its control API answers.
    static func startStack(_ fixture: Fixture) async throws -> (RunningMuster, ControlClient) {
        let muster = try await fixture.start(["start", "--no-timestamps"])
        try await muster.waitForOutput("worker started")
        var client: ControlClient?
        try await waitUntil("the control API to answer") {
            client = try? await ControlClient.connect(projectDirectory: fixture.directory.path)
            return (try? await client?.status()) != nil
        }
        return (muster, try #require(client))
    }

    static func cli(_ fixture: Fixture, _ arguments: [String]) async throws -> (
        code: Int32, output: String, errors: String
    ) {
        try await fixture.run(arguments)
    }

    @Test("status, restart of one service (the other's pid stays), stop, start, logs and shutdown")
    func apiRoundTrip() async throws {
        let fixture = try Fixture(procfile: Self.procfile)
        defer { fixture.directory.remove() }
        let (muster, client) = try await Self.startStack(fixture)
        defer { muster.terminate() }
        let before = try await client.status()
        #expect(before.instances.map(\.name) == ["web.1", "worker.1"])
        #expect(before.api.hasPrefix("http://127.0.0.1:"))
        #expect(muster.output.contains("worker \(before.api)"), "MUSTER_API is injected")
        let webPID = try #require(before.instances[0].pid)
        let workerPID = try #require(before.instances[1].pid)

        let restarted = try await client.restart("worker")
        #expect(restarted.map(\.name) == ["worker.1"])
        try await waitUntil("worker to run again with a new pid") {
            let worker = try await client.status().instances[1]
            return worker.state == .ready && worker.pid != nil && worker.pid != workerPID
        }
        #expect(try await client.status().instances[0].pid == webPID, "restarting worker left web alone")
        #expect(kill(workerPID, 0) != 0, "the old worker process is gone")

        _ = try await client.stop("web*")
        try await waitUntil("web to stop") { try await client.status().instances[0].state == .stopped }
        #expect(muster.output.contains("web stopped"))
        _ = try await client.start("web")
        try await waitUntil("web to run again") { try await client.status().instances[0].state == .ready }

        var tail: [LogEntry] = []
        for try await entry in try await client.logs(services: ["worker"], tail: 3, follow: false) {
            tail.append(entry)
        }
        #expect(tail.count == 3)
        #expect(tail.allSatisfy { $0.service == "worker" })

        await #expect(throws: ControlError.self) { _ = try await client.restart("nope") }
        try await client.shutdown()
        #expect(try await muster.waitForExit() == 0)
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("Following logs and state events streams them as they happen")
    func streaming() async throws {
        let fixture = try Fixture(procfile: Self.procfile)
        defer { fixture.directory.remove() }
        let (muster, client) = try await Self.startStack(fixture)
        defer { muster.terminate() }
        let events = try await client.stateChanges()
        let logs = try await client.logs(services: ["worker"], tail: 0, follow: true)
        _ = try await client.restart("web")
        var seen: [InstancePhase] = []
        for try await change in events where change.instance == "web.1" {
            seen.append(change.state)
            if change.state == .ready { break }
        }
        #expect(seen.contains(.stopping))
        #expect(seen.last == .ready)
        var lines = 0
        for try await entry in logs {
            #expect(entry.text == "working")
            lines += 1
            if lines == 3 { break }
        }
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
    }

    @Test("The CLI clients: status, restart, logs, wait and down")
    func cliClients() async throws {
        let fixture = try Fixture(procfile: Self.procfile)
        defer { fixture.directory.remove() }
        let (muster, client) = try await Self.startStack(fixture)
        defer { muster.terminate() }
        let status = try await Self.cli(fixture, ["status"])
        #expect(status.code == 0)
        let rows = status.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.first?.starts(with: ["SERVICE", "STATE", "PID"]) == true, "got: \(status.output)")
        #expect(rows.dropFirst().map { $0.prefix(2) } == [["web", "ready"], ["worker", "ready"]])
        let json = try await Self.cli(fixture, ["status", "--json"])
        let decoded = try JSONDecoder().decode(StackStatus.self, from: Data(json.output.utf8))
        #expect(decoded.instances.count == 2)

        let webPID = try await client.status().instances[0].pid
        #expect(try await Self.cli(fixture, ["restart", "worker"]).code == 0)
        try await waitUntil("worker to be ready again") { try await client.status().instances[1].state == .ready }
        #expect(try await client.status().instances[0].pid == webPID)

        let logs = try await Self.cli(fixture, ["logs", "-n", "2", "worker", "--no-prefix"])
        #expect(logs.code == 0)
        #expect(logs.output.split(separator: "\n").count == 2, "got: \(logs.output)")
        #expect(logs.output.split(separator: "\n").last == "working")

        #expect(try await Self.cli(fixture, ["wait", "web", "--for", "ready", "--timeout", "10s"]).code == 0)
        let unknown = try await Self.cli(fixture, ["restart", "nosuch"])
        #expect(unknown.code == 1)
        #expect(unknown.errors.contains("nosuch"))

        let down = try await Self.cli(fixture, ["down"])
        #expect(down.code == 0)
        #expect(try await muster.waitForExit() == 0)
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
        let none = try await Self.cli(fixture, ["status"])
        #expect(none.code == 1)
        #expect(none.errors.contains("no muster is running"))
    }

    @Test("A second muster on the same project is refused and starts nothing")
    func secondMusterRefused() async throws {
        let fixture = try Fixture(procfile: Self.procfile)
        defer { fixture.directory.remove() }
        let (muster, _) = try await Self.startStack(fixture)
        defer { muster.terminate() }
        let second = try await Self.cli(fixture, ["start", "--no-timestamps"])
        #expect(second.code == 1)
        #expect(second.output.contains("already running"), "got: \(second.output)\(second.errors)")
        #expect(!second.output.contains("started"))
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
    }

    @Test("A socket left by a killed muster is replaced by the next one")
    func staleSocket() async throws {
        let fixture = try Fixture(procfile: Self.procfile)
        defer { fixture.directory.remove() }
        let (first, _) = try await Self.startStack(fixture)
        first.send(SIGKILL)
        _ = try await first.waitForExit()
        let socket = try ControlSocketLocation.socketPath(forProjectDirectory: fixture.directory.path)
        #expect(FileManager.default.fileExists(atPath: socket), "the killed muster left its socket behind")
        let (second, client) = try await Self.startStack(fixture)
        defer { second.terminate() }
        #expect(try await client.status().pid == second.pid)
        second.send(SIGINT)
        #expect(try await second.waitForExit() == 0)
    }

    @Test("start -d runs in the background; down stops it and leaves nothing behind")
    func detached() async throws {
        let fixture = try Fixture(procfile: Self.procfile)
        defer { fixture.directory.remove() }
        let started = try await fixture.start(["start", "-d"])
        #expect(try await started.waitForExit() == 0)
        #expect(
            started.output.contains("muster is running in the background"),
            "got: \(started.output)\(started.errorOutput)")
        let client = try await ControlClient.connect(projectDirectory: fixture.directory.path)
        try await waitUntil("every service to be ready") {
            try await client.status().instances.allSatisfy { $0.state == .ready }
        }
        #expect(try await Self.cli(fixture, ["down"]).code == 0)
        try await ProcessScan.waitForNoProcesses(withToken: started.token)
        let log = try fixture.directory.read(".muster/logs/muster.log")
        #expect(log.contains("worker started"))
    }

    @Test("The API refuses a Host header that is not loopback")
    func hostHeader() async throws {
        let fixture = try Fixture(procfile: Self.procfile)
        defer { fixture.directory.remove() }
        let (muster, client) = try await Self.startStack(fixture)
        defer { muster.terminate() }
        let port = try #require(URL(string: try await client.status().api)?.port)
        #expect(try RawHTTP.get(port: port, host: "evil.example").hasPrefix("HTTP/1.1 403"))
        #expect(try RawHTTP.get(port: port, host: "127.0.0.1:\(port)").hasPrefix("HTTP/1.1 200"))
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
    }
}

/// A blocking HTTP/1.1 GET over a loopback TCP socket, with any Host header.
enum RawHTTP {
    static func get(port: Int, host: String, path: String = "/v1/services") throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        return String(decoding: response, as: UTF8.self)
    }
}
