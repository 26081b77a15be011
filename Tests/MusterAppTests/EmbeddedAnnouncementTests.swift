import MusterNet
import MusterTesting
import NIOPosix
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

    /// Fails unless 127.0.0.1:`port` accepts a connection: the announced port is really bound.
    enum PortCheck {
        static func expectAccepting(_ port: Int) async throws {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            try await channel.close()
        }
    }

    @Test func theBrokerAnnouncesTheFallbackPortOfAPortTakenAfterItWasChosen() async throws {
        let harness = try SilentLogs()
        let ports = try Self.freePorts(3)
        let thief = try #require(LoopbackReservation.reserve(preferring: ports[0]))
        #expect(thief.port == ports[0], "taken between the choice and the bind")
        let broker = try #require(
            try await EmbeddedBroker.bind(
                .enabled(ports: ["tcp_port": ports[0], "http_port": ports[1], "lookupd_http_port": ports[2]]),
                logs: harness.multiplexer))
        let (line, tcp) = try await withRunningServices(broker.services) {
            try await PortCheck.expectAccepting(broker.tcp.port)
            return (broker.announcement, broker.tcp.port)
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
        let thief = try #require(LoopbackReservation.reserve(preferring: ports[0]))
        #expect(thief.port == ports[0], "taken between the choice and the bind")
        let registry = try #require(
            try await EmbeddedRegistry.bind(
                .enabled(ports: ["http_port": ports[0], "dns_port": ports[1]]), logs: harness.multiplexer))
        let (line, http) = try await withRunningServices(registry.services) {
            try await PortCheck.expectAccepting(registry.http.port)
            return (registry.announcement, registry.http.port)
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
