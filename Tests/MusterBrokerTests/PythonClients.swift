import Foundation
import MusterCore
import MusterTesting
import Testing

/// Runs the Python scripts that drive real NSQ client libraries from PyPI (Tests/requirements.txt).
enum PythonClients {
    /// The path of a script in Tests/MusterBrokerTests/Python.
    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/\(name)").path
    }

    /// Skips the running test (with the reason) when `module` cannot be imported; under
    /// MUSTER_REQUIRE_ALL=1 the test fails instead.
    static func require(_ module: String) async throws {
        guard let missing = await PythonScript.missingModule(module) else { return }
        let reason = "\(missing) (pip install -r Tests/requirements.txt)"
        if PythonScript.requiresAll { throw MissingModule(description: "MUSTER_REQUIRE_ALL=1 but \(reason)") }
        Issue.record("Skipped: \(reason)", severity: .warning)
        try Test.cancel("Skipped: \(reason)")
    }

    struct MissingModule: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `python3 arguments`, capturing standard output and error, and expects exit 0 and `expect`
    /// in the output, which is shown when either is missing.
    static func expectSuccess(_ arguments: [String], expect: String) async throws {
        let (status, output) = try await PythonScript.runCapturingOutput(arguments)
        #expect(status == .exited(code: 0), "the Python script ended with \(status):\n\(output)")
        if status == .exited(code: 0) {
            #expect(output.contains(expect), "expected \"\(expect)\" in: \(output)")
        }
    }
}
