import Testing

/// Delivery semantics (protocols.md §1.8) as real pynsq and gnsq consumers see them: the scripts in
/// Python/ drive each library against a live broker and judge the deliveries with delivery_checks.py.
@Suite("Client delivery", .timeLimit(.minutes(1)))
struct ClientDeliveryTests {
    /// A Python NSQ client library: its scripts are named `<rawValue>_<scenario>.py`.
    enum Client: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case pynsq
        case gnsq

        /// The module the library imports as.
        var module: String { self == .pynsq ? "nsq" : "gnsq" }
        var testDescription: String { rawValue }
    }

    /// Runs `<client>_<scenario>.py` with `count` messages against a fresh broker; it must print PASSED.
    static func run(_ client: Client, _ scenario: String, count: Int) async throws {
        try await PythonClients.require(client.module)
        try await withNSQServer { _, port in
            try await PythonClients.expectSuccess(
                [PythonClients.script("\(client.rawValue)_\(scenario).py"), "127.0.0.1:\(port)", "\(count)"],
                expect: "PASSED")
        }
    }

    @Test("Two consumers on one channel both get messages, each message exactly once", arguments: Client.allCases)
    func sharedChannel(_ client: Client) async throws {
        try await Self.run(client, "shared_channel", count: 100)
    }

    @Test("Two channels of one topic each get every message", arguments: Client.allCases)
    func twoChannels(_ client: Client) async throws {
        try await Self.run(client, "two_channels", count: 50)
    }

    @Test("REQ 0 redelivers with attempts 2; REQ 300 ms redelivers no sooner", arguments: Client.allCases)
    func requeue(_ client: Client) async throws {
        try await Self.run(client, "requeue", count: 30)
    }

    @Test("A consumer killed with messages in flight loses none of them", arguments: Client.allCases)
    func killedConsumer(_ client: Client) async throws {
        try await Self.run(client, "killed_consumer", count: 40)
    }
}
