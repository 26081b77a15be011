import Foundation
import MusterBroker
import MusterCore
import MusterTesting
import Testing

/// Real NSQ client libraries from PyPI (Tests/requirements.txt) against the broker.
@Suite("Client compatibility")
struct ClientCompatibilityTests {
    static let requireAll = PythonScript.requiresAll

    /// Whether `python3 -c "import <module>"` works; nil when it does.
    static func missing(_ module: String) async throws -> String? {
        await PythonScript.missingModule(module).map { "\($0) (pip install -r Tests/requirements.txt)" }
    }

    static func runPython(_ arguments: [String], output: Int32) async throws -> MusterCore.ExitStatus {
        try await PythonScript.run(arguments, output: output)
    }

    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/\(name)").path
    }

    /// Runs `script` against a live broker; its output goes to a file shown when it fails.
    static func roundTrip(_ script: String, module: String) async throws {
        if let reason = try await missing(module) {
            if requireAll { Issue.record("MUSTER_REQUIRE_ALL=1 but \(reason)") }
            return
        }
        try await withNSQServer { _, port in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let log = open("\(directory.path)/out.txt", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            defer { close(log) }
            let status = try await runPython([Self.script(script), "127.0.0.1:\(port)", "40"], output: log)
            let output = (try? directory.read("out.txt")) ?? ""
            #expect(status == .exited(code: 0), "\(script): \(output)")
            #expect(output.contains("received 40 of 40"), "\(output)")
        }
    }

    @Test("pynsq Writer (PUB and MPUB) and Reader")
    func pynsq() async throws {
        try await Self.roundTrip("pynsq_roundtrip.py", module: "nsq")
    }

    @Test("gnsq Producer and Consumer")
    func gnsq() async throws {
        try await Self.roundTrip("gnsq_roundtrip.py", module: "gnsq")
    }
}
