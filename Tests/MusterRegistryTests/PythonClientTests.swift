import Foundation
import MusterRegistry
import MusterTesting
import Testing

/// Real Consul client libraries from PyPI against the registry (`shared/protocols.md` §6.5):
/// py-consul (Tests/requirements.txt) and the legacy python-consul, which installs the same
/// module `consul` and so lives in its own virtual environment (made by .ci/run).
@Suite("Consul client compatibility")
struct PythonClientTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("Tests/MusterRegistryTests/Python/consul_client_check.py")
        .path

    /// `$MUSTER_PYTHON_CONSUL`, else the interpreter of `.build/venv-python-consul`.
    static var legacyInterpreter: String {
        ProcessInfo.processInfo.environment["MUSTER_PYTHON_CONSUL"]
            ?? packageRoot.appendingPathComponent(".build/venv-python-consul/bin/python3").path
    }

    /// Runs the client check with `interpreter` against a live registry; skipped (or failed
    /// under MUSTER_REQUIRE_ALL=1) when the library is missing.
    static func check(interpreter: String, library: String, install: String) async throws {
        if let reason = await PythonScript.missingModule("consul", interpreter: interpreter) {
            if PythonScript.requiresAll { Issue.record("MUSTER_REQUIRE_ALL=1 but \(reason) (\(install))") }
            return
        }
        try await withConsulServer { _, port in
            let (status, output) = try await PythonScript.runCapturingOutput(
                [script, "127.0.0.1:\(port)"], interpreter: interpreter)
            #expect(status == .exited(code: 0), "\(output)")
            #expect(output.contains("library: \(library)"), "\(output)")
            #expect(output.contains("consul client check passed"), "\(output)")
        }
    }

    @Test("py-consul: registration with checks, health and catalog queries, TTL, KV, blocking queries")
    func pyConsul() async throws {
        try await Self.check(
            interpreter: "python3", library: "py-consul", install: "pip install -r Tests/requirements.txt")
    }

    @Test("python-consul 1.1.0 (legacy) with the same calls")
    func pythonConsul() async throws {
        try await Self.check(
            interpreter: Self.legacyInterpreter, library: "python-consul",
            install:
                "python3 -m venv .build/venv-python-consul && .build/venv-python-consul/bin/pip install python-consul==1.1.0"
        )
    }
}
