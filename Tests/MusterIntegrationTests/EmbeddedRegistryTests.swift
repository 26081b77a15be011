import Foundation
import MusterCore
import MusterTesting
import Testing

/// The registry `muster start` runs for its services (issue 6).
@Suite("Embedded registry")
struct EmbeddedRegistryTests {
    /// A tiny HTTP worker on $PORT.
    static let worker = "python3 -m http.server $PORT --bind 127.0.0.1"

    /// The registry's HTTP port, from the line muster prints about it.
    static func registryPort(_ muster: RunningMuster) async throws -> Int {
        try await muster.waitForOutput("registry (Consul) on 127.0.0.1: HTTP ")
        let line = try #require(muster.lines.first { $0.contains("registry (Consul) on 127.0.0.1: HTTP ") })
        let text = line.components(separatedBy: "HTTP ").last?.prefix { $0.isNumber } ?? ""
        return try #require(Int(text), "\(line)")
    }

    /// The service IDs `path` lists (a health or catalog query of the registry on `port`).
    static func ids(port: Int, _ path: String) throws -> [String] {
        let reply = try RawHTTP.get(port: port, host: "127.0.0.1:\(port)", path: path)
        guard reply.hasPrefix("HTTP/1.1 200"), let body = reply.components(separatedBy: "\r\n\r\n").last,
            let entries = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]
        else { throw UnexpectedAnswer(text: "\(path) answered \(reply)") }
        return entries.compactMap { ($0["Service"] as? [String: Any])?["ID"] as? String ?? $0["ServiceID"] as? String }
            .sorted()
    }

    @Test("dig through MUSTER_DNS_ADDR answers worker.service.consul SRV with the ready workers' ports")
    func dnsAnswersWithTheWorkersPorts() async throws {
        guard
            (try? ServiceCommand.exec(["dig"]).executablePath(environment: ProcessInfo.processInfo.environment)) != nil
        else {
            if ProcessInfo.processInfo.environment["MUSTER_REQUIRE_ALL"] == "1" {
                Issue.record("MUSTER_REQUIRE_ALL=1 but dig is not installed (apt-get install dnsutils)")
            }
            return
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "muster.yaml",
            """
            services:
              worker:
                command: \(Self.worker)
                port: auto
                replicas: 2
            """)
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        let port = try await Self.registryPort(muster)
        try await waitUntil("both workers to pass", timeout: .seconds(30)) {
            (try? Self.ids(port: port, "/v1/health/service/worker?passing")) == ["worker-1", "worker-2"]
        }
        let catalog = try RawHTTP.get(port: port, host: "127.0.0.1", path: "/v1/catalog/service/worker")
        let body = try #require(catalog.components(separatedBy: "\r\n\r\n").last)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
        let ports = entries.compactMap { $0["ServicePort"] as? Int }.sorted()
        #expect(ports.count == 2)
        let dig = try await RunningMuster(
            ["run", "--", "sh", "-c", "dig @127.0.0.1 -p \"${MUSTER_DNS_ADDR#*:}\" +short worker.service.consul SRV"],
            in: directory.path)
        #expect(try await dig.waitForExit(timeout: .seconds(30)) == 0, "\(dig.errorOutput)")
        // "1 1 PORT 7f000001.addr.dc1.consul." per instance.
        let answered = dig.output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").dropFirst(2).first.flatMap { Int($0) }
        }.sorted()
        #expect(answered == ports, "\(dig.output)")
        #expect(muster.output.contains(", DNS "), "the announcement names the DNS port: \(muster.output)")
    }

    @Test("?passing lists exactly the ready workers, and drops one as soon as muster stop returns")
    func passingFollowsTheLifecycle() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "muster.yaml",
            """
            name: shop
            services:
              worker:
                command: \(Self.worker)
                port: auto
                replicas: 2
              hidden:
                command: \(Self.worker)
                port: auto
                register: false
            """)
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        let port = try await Self.registryPort(muster)
        try await waitUntil("both workers to pass", timeout: .seconds(30)) {
            // The port is announced before the listener is up: refused connections are retried.
            (try? Self.ids(port: port, "/v1/health/service/worker?passing")) == ["worker-1", "worker-2"]
        }
        try await muster.waitForOutput("worker.2 ready")
        #expect(try Self.ids(port: port, "/v1/health/service/hidden").isEmpty)
        let meta = try RawHTTP.get(port: port, host: "127.0.0.1", path: "/v1/agent/services")
        #expect(meta.contains("\"muster_project\":\"shop\"") && meta.contains("\"muster_instance\":\"worker.1\""))

        let stop = try await RunningMuster(["stop", "worker.1"], in: directory.path)
        #expect(try await stop.waitForExit() == 0)
        // Typically within milliseconds; the bound is wide only because CI machines are loaded.
        try await waitUntil("worker-1 to leave ?passing", timeout: .seconds(15)) {
            try Self.ids(port: port, "/v1/health/service/worker?passing") == ["worker-2"]
        }
        try await waitUntil("worker-1 to be deregistered once stopped", timeout: .seconds(10)) {
            try Self.ids(port: port, "/v1/catalog/service/worker") == ["worker-2"]
        }
        let services = try await RunningMuster(["services", "worker"], in: directory.path)
        #expect(try await services.waitForExit() == 0)
        #expect(services.output.contains("worker-2") && !services.output.contains("worker-1"), "\(services.output)")
        #expect(services.output.contains("passing"), "\(services.output)")

        let start = try await RunningMuster(["start-service", "worker.1"], in: directory.path)
        #expect(try await start.waitForExit() == 0)
        try await waitUntil("worker-1 to pass again", timeout: .seconds(30)) {
            try Self.ids(port: port, "/v1/health/service/worker?passing") == ["worker-1", "worker-2"]
        }
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0, "\(muster.output)")
    }

    @Test("A service that registers itself with py-consul is removed when its process ends")
    func selfRegistrationGoesWithItsProcess() async throws {
        if let reason = await PythonScript.missingModule("consul") {
            if PythonScript.requiresAll { Issue.record("MUSTER_REQUIRE_ALL=1 but \(reason)") }
            return
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "register.py",
            """
            import consul, time
            c = consul.Consul()  # reads CONSUL_HTTP_ADDR
            assert c.agent.service.register("mine", service_id="mine-1", port=4321, tags=["own"])
            c.kv.put("selfie/said", "hello")
            print("self-registered", c.kv.get("selfie/said")[1]["Value"].decode(), flush=True)
            time.sleep(600)
            """)
        try directory.write("Procfile", "selfie: python3 register.py\n")
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        let port = try await Self.registryPort(muster)
        try await muster.waitForOutput("self-registered hello", timeout: .seconds(30))
        // Registered by a process of the instance, so owned by it.
        #expect(try Self.ids(port: port, "/v1/catalog/service/mine") == ["mine-1"])
        let stop = try await RunningMuster(["stop", "selfie"], in: directory.path)
        #expect(try await stop.waitForExit() == 0)
        try await waitUntil("mine-1 to be removed", timeout: .seconds(15)) {
            try Self.ids(port: port, "/v1/catalog/service/mine") == []
        }
    }

    @Test("--no-registry and registry: false run none and inject no address")
    func off() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Procfile", "show: echo \"consul=${CONSUL_HTTP_ADDR:-none}\"\n")
        let flagged = try await RunningMuster(["start", "--no-timestamps", "--no-registry"], in: directory.path)
        defer { flagged.terminate() }
        #expect(try await flagged.waitForExit() == 0)
        #expect(flagged.output.contains("consul=none") && !flagged.output.contains("registry (Consul)"))
        try directory.write(
            "muster.yaml",
            "registry: false\nservices:\n  show:\n    command: echo \"consul=${CONSUL_HTTP_ADDR:-none}\"\n")
        let configured = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { configured.terminate() }
        #expect(try await configured.waitForExit() == 0)
        #expect(configured.output.contains("consul=none"), "\(configured.output)")
    }

    @Test("muster registry runs the registry alone and prints CONSUL_HTTP_ADDR")
    func registryAlone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let muster = try await RunningMuster(["registry", "--http-port", "0"], in: directory.path)
        defer { muster.terminate() }
        try await muster.waitForOutput("the registry is running")
        let line = try #require(muster.lines.first { $0.contains("CONSUL_HTTP_ADDR=127.0.0.1:") })
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        let reply = try RawHTTP.get(port: port, host: "127.0.0.1:\(port)", path: "/v1/status/leader")
        #expect(reply.hasPrefix("HTTP/1.1 200") && reply.contains("X-Consul-Index"), "\(reply)")
        let services = try await RunningMuster(
            ["services", "--registry", "127.0.0.1:\(port)"], in: directory.path)
        #expect(try await services.waitForExit() == 0)
        #expect(services.output.contains("no services are registered"), "\(services.output)")
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
    }
}

/// A registry answer that is not what the test reads.
struct UnexpectedAnswer: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}
