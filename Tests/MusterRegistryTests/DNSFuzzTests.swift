import MusterNet
import MusterRegistry
import Testing

/// Design §11: no packet crashes the responder. Random and mutated packets go through the
/// decoder and the whole responder; every reply must itself decode, carry the query's ID and
/// respect the UDP size limit. Seeds are fixed so a failure is reproducible.
@Suite("DNS fuzzing")
struct DNSFuzzTests {
    static let seeds: [String] = [
        "web.service.consul", "v1.web.service.dc1.consul", "_web._tcp.consul", "muster.node.consul",
        "7f000001.addr.dc1.consul", "consul", "example.com",
    ]

    let directory: DNSTestDirectory = {
        let directory = DNSTestDirectory()
        directory.add("web", tags: ["v1"], port: 8080)
        directory.add("web", address: "::1", port: 8081)
        directory.add("web", address: "", port: 8082)
        return directory
    }()

    /// Runs `packet` through the responder over both transports and checks the replies.
    func check(_ packet: [UInt8]) async {
        let responder = DNSResponder(datacenter: "dc1")
        for transport in [DNSTransport.udp, .tcp] {
            guard let reply = await responder.respond(to: packet, transport: transport, directory: directory) else {
                let header = DNSWireReader.header(of: packet)
                #expect(header == nil || header?.isResponse == true, "a query went unanswered: \(packet)")
                continue
            }
            do {
                let response = try DNSWireReader.message(from: reply)
                #expect(response.header.isResponse)
                #expect(Array(reply.prefix(2)) == Array(packet.prefix(2)), "the reply has another ID: \(packet)")
                let advertised = (try? DNSWireReader.message(from: packet))?.extensionRecords.first?.udpPayloadSize
                let limit = transport == .tcp ? 65535 : max(512, Int(advertised ?? 0))
                #expect(reply.count <= limit, "a \(reply.count)-byte reply over \(transport): \(packet)")
            } catch {
                Issue.record("the reply to \(packet) does not decode: \(error)")
            }
        }
    }

    @Test func randomPacketsNeverCrash() async {
        var generator = SplitMix64(seed: 0x5EED_0001)
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<300, using: &generator)
            var packet = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if packet.count > 2, Bool.random(using: &generator) { packet[2] &= 0x07 }  // a query, opcode 0
            await check(packet)
        }
    }

    @Test func mutatedQueriesNeverCrash() async {
        var generator = SplitMix64(seed: 0x5EED_0002)
        let valid = Self.seeds.flatMap { name in
            [DNSRecordType.a, DNSRecordType.srv, DNSRecordType.aaaa].flatMap { type in
                [DNSQuery.packet(name, type), DNSQuery.packet(name, type, edns: DNSExtension(udpPayloadSize: 1232))]
            }
        }
        for _ in 0..<6000 {
            var packet = valid.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                mutate(&packet, using: &generator)
            }
            await check(packet)
        }
    }

    /// Flips, overwrites, inserts, deletes or truncates bytes, or plants a compression pointer.
    func mutate(_ packet: inout [UInt8], using generator: inout SplitMix64) {
        guard !packet.isEmpty else { return }
        let index = Int.random(in: 0..<packet.count, using: &generator)
        switch Int.random(in: 0..<7, using: &generator) {
        case 0: packet[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
        case 1: packet[index] = UInt8.random(in: 0...255, using: &generator)
        case 2: packet.insert(UInt8.random(in: 0...255, using: &generator), at: index)
        case 3: packet.remove(at: index)
        case 4: packet.removeLast(Int.random(in: 0...packet.count - index, using: &generator) / 2)
        case 5:
            packet[index] = 0xC0 | UInt8.random(in: 0...1, using: &generator)
            if index + 1 < packet.count { packet[index + 1] = UInt8.random(in: 0...255, using: &generator) }
        default: packet[Int.random(in: 4..<max(5, min(12, packet.count)), using: &generator) % packet.count] = 0xFF
        }
    }
}
