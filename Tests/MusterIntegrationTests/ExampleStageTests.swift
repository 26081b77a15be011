import Foundation
import MusterApp
import MusterCore
import MusterNet
import MusterTesting
import Testing

/// The sensor/worker/app example (examples/sensor-worker-app), each stage run end to end the way
/// its README says: `muster test -f <stage> -- python3 tests/<checker>.py`. The checkers verify
/// that squared readings really flow from the sensor through the workers to the app.
@Suite("Example: sensor, worker, app")
struct ExampleStageTests {
    @Test("Stage 1, HTTP (Procfile): the app logs readings of the sensor squared by the worker")
    func http() async throws {
        let example = try ExampleCopy()
        defer { example.remove() }
        let port = try Self.freeBasePort(serviceCount: 3)
        try await example.expectCheckPasses(
            stack: "01-http/Procfile", options: ["-p", String(port)], checker: "check_http.py")
    }

    @Test("Stage 2, messaging: readings flow through both workers, and stopping one loses none")
    func messaging() async throws {
        let example = try ExampleCopy()
        defer { example.remove() }
        // Faster readings and longer work than the defaults, so that worker.1 is caught squaring one.
        try await example.expectCheckPasses(
            stack: "02-messaging/muster.yaml", checker: "check_messaging.py",
            environment: ["SENSOR_INTERVAL": "0.4", "WORK_SECONDS": "0.6"])
    }

    @Test("Stage 3, discovery: the app finds healthy workers in the registry and drops a stopped one")
    func discovery() async throws {
        let example = try ExampleCopy()
        defer { example.remove() }
        try await example.expectCheckPasses(stack: "03-discovery/muster.yaml", checker: "check_discovery.py")
    }

    /// A port P such that P, P+100, P+200 ... (the Procfile's ports) are free now.
    static func freeBasePort(serviceCount: Int) throws -> Int {
        let base = (0..<100).lazy.map { _ in Int.random(in: 20_000...29_000) }.first { base in
            (0..<serviceCount).map { base + 100 * $0 }.allSatisfy { LoopbackPorts.canBind($0) }
        }
        return try #require(base, "found no \(serviceCount) free ports 100 apart")
    }
}
