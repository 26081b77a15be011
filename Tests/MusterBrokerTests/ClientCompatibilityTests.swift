import Testing

/// Real NSQ client libraries from PyPI (Tests/requirements.txt) against the broker.
@Suite("Client compatibility")
struct ClientCompatibilityTests {
    /// Runs `script` against a live broker.
    static func roundTrip(_ script: String, module: String) async throws {
        try await PythonClients.require(module)
        try await withNSQServer { _, port in
            try await PythonClients.expectSuccess(
                [PythonClients.script(script), "127.0.0.1:\(port)", "40"], expect: "received 40 of 40")
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
