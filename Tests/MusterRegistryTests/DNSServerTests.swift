import Logging
import MusterNet
import MusterRegistry
import MusterTesting
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing

/// The responder on real sockets: one port for UDP and TCP, TCP framing, bad input, binding.
@Suite("DNS server")
struct DNSServerTests {
    static func directory() -> DNSTestDirectory {
        let directory = DNSTestDirectory()
        directory.add("web", address: "127.0.0.1", port: 8080)
        return directory
    }

    static func decode(_ bytes: [UInt8]?) throws -> DNSMessage {
        try DNSWireReader.message(from: try #require(bytes))
    }

    @Test func udpAndTCPAnswerOnTheSamePort() async throws {
        try await withDNSServer(Self.directory()) { _, port in
            let packet = DNSQuery.packet("web.service.consul", DNSRecordType.a, id: 1)
            let udp = try Self.decode(try await DNSSocketClient.udpExchange(packet, port: port))
            #expect(udp.answers.map(\.presentation) == ["web.service.consul. 0 A 127.0.0.1"])
            let tcp = try await DNSSocketClient.withTCPConnection(port: port) { connection in
                try await connection.send(DNSQuery.packet("web.service.consul", DNSRecordType.srv, id: 2))
                return try Self.decode(try await connection.receive())
            }
            #expect(tcp.header.id == 2)
            #expect(tcp.answers.map(\.presentation) == ["web.service.consul. 0 SRV 1 1 8080 7f000001.addr.dc1.consul."])
        }
    }

    @Test func tcpAnswersSeveralQueriesPerConnectionInOrder() async throws {
        try await withDNSServer(Self.directory()) { _, port in
            try await DNSSocketClient.withTCPConnection(port: port) { connection in
                let names = ["web.service.consul", "nope.service.consul", "example.org", "muster.node.consul"]
                var pipelined: [UInt8] = []
                for (index, name) in names.enumerated() {
                    let packet = DNSQuery.packet(name, DNSRecordType.a, id: UInt16(100 + index))
                    pipelined += [UInt8(packet.count >> 8), UInt8(packet.count & 0xFF)] + packet
                }
                try await connection.sendRaw(Array(pipelined.prefix(7)))
                try await connection.sendRaw(Array(pipelined.dropFirst(7)))
                var codes: [UInt8] = []
                for index in names.indices {
                    let response = try Self.decode(try await connection.receive())
                    #expect(response.header.id == UInt16(100 + index))
                    codes.append(response.header.responseCode)
                }
                #expect(codes == [0, 3, 5, 0])
                try await connection.send(DNSQuery.packet("web.service.consul", DNSRecordType.a, id: 200))
                #expect(try Self.decode(try await connection.receive()).header.id == 200)
            }
        }
    }

    @Test func tcpGarbageClosesTheConnectionButNotTheServer() async throws {
        try await withDNSServer(Self.directory()) { _, port in
            let closed = try await DNSSocketClient.withTCPConnection(port: port) { connection in
                try await connection.sendRaw([0, 3, 1, 2, 3])
                return try await connection.isClosedByServer()
            }
            #expect(closed, "a frame shorter than a header closes the connection")
            try await DNSSocketClient.withTCPConnection(port: port) { connection in
                let header: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
                try await connection.send(header + [0xC0, 0xFF, 0, 1, 0, 1])
                let reply = try Self.decode(try await connection.receive())
                #expect(reply.header.id == 0x1234 && reply.header.responseCode == DNSResponseCode.formatError)
                #expect(
                    try await connection.isClosedByServer(), "a malformed message closes the connection after FORMERR")
            }
            let packet = DNSQuery.packet("web.service.consul", DNSRecordType.a, id: 3)
            #expect(try Self.decode(try await DNSSocketClient.udpExchange(packet, port: port)).answers.count == 1)
        }
    }

    @Test func silentTCPConnectionsAreClosedAfterTheIdleTimeout() async throws {
        try await withDNSServer(Self.directory(), idleTimeout: .seconds(2)) { _, port in
            // A test process stalled for longer than the idle timeout between connecting and
            // sending finds the connection already closed, rightly: it then tries again.
            var answered = false
            for _ in 0..<5 where !answered {
                try await DNSSocketClient.withTCPConnection(port: port) { connection in
                    guard (try? await connection.send(DNSQuery.packet("web.service.consul", DNSRecordType.a))) != nil,
                        (try? await connection.receive()) != nil
                    else { return }
                    answered = true
                    #expect((try? await connection.isClosedByServer()) == true)
                }
            }
            #expect(answered, "no query was answered on a fresh connection in 5 tries")
        }
    }

    @Test func udpGarbageDoesNotStopTheServer() async throws {
        try await withDNSServer(Self.directory()) { _, port in
            var generator = SplitMix64(seed: 0xD6)
            var noise: [[UInt8]] = [[], [1], Array(repeating: 0xFF, count: 12), Array(repeating: 0, count: 3000)]
            for _ in 0..<200 {
                noise.append(
                    (0..<Int.random(in: 0..<100, using: &generator)).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    })
            }
            let packet = DNSQuery.packet("web.service.consul", DNSRecordType.a, id: 0xD0D0)
            let reply = try await DNSSocketClient.udpExchange(
                packet, port: port, sendingFirst: noise, resendEvery: .seconds(1))
            #expect(try Self.decode(reply).answers.count == 1)
        }
    }

    /// Occupies a port with a UDP socket or a TCP listener for `body`.
    static func withOccupiedPort(tcp: Bool, _ body: (Int) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let channel: any Channel =
            tcp
            ? try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
            : try await DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(try #require(channel.localAddress?.port))
            try await channel.close()
        } catch {
            try? await channel.close()
            throw error
        }
    }

    @Test(arguments: [false, true])
    func takenPortFallsBackToAFreeOneForBoth(tcpTaken: Bool) async throws {
        try await Self.withOccupiedPort(tcp: tcpTaken) { taken in
            try await withDNSServer(Self.directory(), port: taken, fallsBackToAnyPort: true) { _, port in
                #expect(port != taken)
                let packet = DNSQuery.packet("web.service.consul", DNSRecordType.a)
                #expect(try Self.decode(try await DNSSocketClient.udpExchange(packet, port: port)).answers.count == 1)
                try await DNSSocketClient.withTCPConnection(port: port) { connection in
                    try await connection.send(packet)
                    #expect(try Self.decode(try await connection.receive()).answers.count == 1)
                }
            }
        }
    }

    @Test func takenPortWithoutFallbackFailsWithAClearError() async throws {
        try await Self.withOccupiedPort(tcp: false) { taken in
            let error = await #expect(throws: DNSServerError.self) {
                _ = try await DNSServer.bind(port: taken, directory: Self.directory())
            }
            #expect(
                "\(error.map { "\($0)" } ?? "")".contains("could not listen on 127.0.0.1:\(taken)"),
                "\(String(describing: error))")
        }
    }

    @Test func gracefulShutdownClosesOpenConnections() async throws {
        let server = try await DNSServer.bind(port: 0, directory: Self.directory())
        let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = server.port
            try await DNSSocketClient.withTCPConnection(port: port) { connection in
                try await connection.send(DNSQuery.packet("web.service.consul", DNSRecordType.a))
                _ = try await connection.receive()
                await group.triggerGracefulShutdown()
                #expect(try await connection.isClosedByServer())
            }
            try await tasks.waitForAll()
        }
    }
}
