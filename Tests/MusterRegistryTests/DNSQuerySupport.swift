import MusterNet
import MusterRegistry
import Testing

/// Builds query packets and runs them through the responder without sockets.
enum DNSQuery {
    /// The encoded query for `type` records of `name`.
    static func packet(
        _ name: String, _ type: UInt16, id: UInt16 = 0x2B1D, recursionDesired: Bool = true, opcode: UInt8 = 0,
        edns: DNSExtension? = nil
    ) -> [UInt8] {
        guard let questionName = DNSName(name) else {
            Issue.record("\(name) is not a valid domain name")
            return []
        }
        var message = DNSMessage(
            header: DNSHeader(id: id, opcode: opcode, recursionDesired: recursionDesired),
            questions: [DNSQuestion(name: questionName, type: type)])
        if let edns { message.additionals = [edns.record] }
        return DNSWireWriter.encode(message)
    }

    /// The decoded response of a responder for `directory` to `packet`; fails the test when the
    /// packet gets no reply or the reply does not decode.
    static func ask(
        _ packet: [UInt8], directory: DNSTestDirectory, transport: DNSTransport = .udp, seed: UInt64 = 1,
        serial: UInt32 = 1_700_000_000, udpAnswerLimit: Int = 3
    ) async throws -> DNSMessage {
        let responder = DNSResponder(datacenter: directory.datacenter, udpAnswerLimit: udpAnswerLimit)
        let query = try #require(responder.prepare(packet))
        let answer = await query.lookup?.perform(in: directory) ?? DNSDirectoryAnswer.none
        var generator = SplitMix64(seed: seed)
        let bytes = responder.response(
            to: query, answer: answer, transport: transport, serial: serial, using: &generator)
        if transport == .udp {
            #expect(bytes.count <= max(512, Int(query.request.extensionRecords.first?.udpPayloadSize ?? 0)))
        }
        return try DNSWireReader.message(from: bytes)
    }

    /// `ask` for a query of `type` records of `name`.
    static func ask(
        _ name: String, _ type: UInt16, directory: DNSTestDirectory, transport: DNSTransport = .udp,
        edns: DNSExtension? = nil, seed: UInt64 = 1
    ) async throws -> DNSMessage {
        try await ask(packet(name, type, edns: edns), directory: directory, transport: transport, seed: seed)
    }
}

extension DNSResourceRecord {
    /// The record in dig's presentation style (`7f000001.addr.dc1.consul. 0 SRV 1 1 8080`), for readable expectations.
    var presentation: String {
        switch data {
        case .a(let bytes): "\(name) \(ttl) A \(bytes.map(String.init).joined(separator: "."))"
        case .aaaa(let bytes): "\(name) \(ttl) AAAA \(bytes.map { String($0, radix: 16) }.joined(separator: ":"))"
        case .srv(let priority, let weight, let port, let target):
            "\(name) \(ttl) SRV \(priority) \(weight) \(port) \(target)"
        case .soa(let soa):
            "\(name) \(ttl) SOA \(soa.primaryServer) \(soa.responsibleMailbox) \(soa.serial) \(soa.refresh) \(soa.retry) \(soa.expire) \(soa.minimum)"
        case .opaque(let bytes): "\(name) \(ttl) TYPE\(type) \(bytes.count) bytes"
        }
    }
}
