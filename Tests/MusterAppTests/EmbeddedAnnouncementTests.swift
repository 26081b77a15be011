import MusterTesting
import Testing

@testable import MusterApp
@testable import MusterCore

/// The lines `muster start` prints about its broker and registry name the ports they really
/// listen on, even when a port chosen as free is taken before the listener binds it.
@Suite struct EmbeddedAnnouncementTests {
    /// `count` distinct ports that are free now.
    static func freePorts(_ count: Int) throws -> [Int] {
        var ports: [Int] = []
        while ports.count < count {
            let port = try StackPlanner.freeLoopbackPort()
            if !ports.contains(port) { ports.append(port) }
        }
        return ports
    }

    @Test func theBrokerAnnouncesTheFallbackPortOfAPortTakenAfterItWasChosen() async throws {
        let harness = try SilentLogs()
        let ports = try Self.freePorts(3)
        let broker = try #require(
            EmbeddedBroker(
                .enabled(ports: ["tcp_port": ports[0], "http_port": ports[1], "lookupd_http_port": ports[2]]),
                logs: harness.multiplexer))
        let thief = try #require(ControlPortReservation.reserve(preferring: ports[0]))
        #expect(thief.port == ports[0], "taken between the choice and the bind")
        let (line, tcp) = try await withRunningServices(broker.services) {
            (try await broker.announcement(), try await broker.tcp.boundPort())
        }
        #expect(tcp != ports[0])
        #expect(
            line
                == "broker (NSQ) on 127.0.0.1: TCP \(tcp), HTTP \(ports[1]), lookupd \(ports[2]); "
                + "port \(ports[0]) taken (a real nsqd?), so free ones are used")
        thief.release()
        await harness.finish()
    }

    @Test func theRegistryAnnouncesTheFallbackPortOfAPortTakenAfterItWasChosen() async throws {
        let harness = try SilentLogs()
        let ports = try Self.freePorts(2)
        let registry = try #require(
            EmbeddedRegistry(.enabled(ports: ["http_port": ports[0], "dns_port": ports[1]]), logs: harness.multiplexer))
        let thief = try #require(ControlPortReservation.reserve(preferring: ports[0]))
        #expect(thief.port == ports[0], "taken between the choice and the bind")
        let (line, http) = try await withRunningServices(registry.services) {
            (try await registry.announcement(), try await registry.http.boundPort())
        }
        #expect(http != ports[0])
        #expect(
            line
                == "registry (Consul) on 127.0.0.1: HTTP \(http), DNS \(ports[1]); "
                + "port \(ports[0]) taken (a real Consul?), so free ones are used")
        thief.release()
        await harness.finish()
    }
}
