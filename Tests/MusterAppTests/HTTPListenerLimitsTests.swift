import Foundation
import Hummingbird
import Logging
import MusterNet
import MusterTesting
import Testing

/// Every HTTP listener of Muster against hostile peers (design §11): it closes connections after
/// a protocol error instead of leaving them half-open, closes slow-header connections, and caps
/// how many are open. Real sockets, a Python peer.
@Suite("HTTP listener limits")
struct HTTPListenerLimitsTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Python/hostile_http_peer.py").path

    /// Runs the hostile peer `arguments` against a listener with `limits`; returns what it printed.
    static func peer(_ arguments: [String], limits: HTTPListenerLimits) async throws -> String {
        let listener = try await LoopbackHTTPListener.bind(
            name: "test API", port: 0, fallsBackToAnyPort: false, limits: limits, logger: Logger(label: "test"))
        let port = try #require(listener.port)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await listener.serve { _ in Response(status: .ok) } }
            defer { group.cancelAll() }
            let (status, output) = try await PythonScript.runCapturingOutput([script, String(port)] + arguments)
            #expect(status == .exited(code: 0), "\(output)")
            return output
        }
    }

    @Test("After a 400 for junk the connection is closed, not left half-open holding a descriptor")
    func junkIsAnsweredAndClosed() async throws {
        // Timeouts far beyond the peer's 30 s, so that only the close after the error can end it.
        let output = try await Self.peer(
            ["junk"], limits: HTTPListenerLimits(headerTimeout: .seconds(300), idleTimeout: .seconds(300)))
        // The 400 comes first, unless closing with junk still unread resets the connection first.
        #expect(output.contains("answer b'HTTP/1.1 400'") || output.contains("(reset before EOF)"), "\(output)")
        #expect(output.contains("reset\n"), "\(output)")
    }

    @Test("A connection that sends its head too slowly is closed at the header deadline")
    func slowHeadersAreClosed() async throws {
        let output = try await Self.peer(["slow"], limits: HTTPListenerLimits(headerTimeout: .milliseconds(300)))
        #expect(output.contains("closed after"), "\(output)")
    }

    @Test("Past the connection cap a new connection is closed at once; a freed slot serves again")
    func connectionsAreCapped() async throws {
        let output = try await Self.peer(["hold", "3"], limits: HTTPListenerLimits(maxConnections: 3))
        #expect(output.contains("refused"), "\(output)")
        #expect(output.contains("served again"), "\(output)")
    }
}
