import MusterRegistry
import Testing

/// The wire codec (RFC 1035 §4): round trips, name compression, and malformed input.
@Suite("DNS wire codec")
struct DNSCodecTests {
    @Test func headerFlagsRoundTrip() {
        for flags in [UInt16(0x0000), 0x8000, 0x7800, 0x0400, 0x0200, 0x0100, 0x0080, 0x000F, 0x8785] {
            #expect(DNSHeader(id: 1, flags: flags).flags == flags)
        }
        let header = DNSHeader(
            id: 3, isResponse: true, opcode: 2, isAuthoritative: true, isTruncated: true, recursionDesired: true,
            recursionAvailable: true, responseCode: 5)
        #expect(DNSHeader(id: 3, flags: header.flags) == header)
    }

    @Test func messageWithEveryRecordKindRoundTrips() throws {
        let name = DNSName("web.service.consul")!
        let target = DNSName("7f000001.addr.dc1.consul")!
        let soa = DNSStartOfAuthority(
            primaryServer: DNSName("ns.consul")!, responsibleMailbox: DNSName("hostmaster.consul")!, serial: 42,
            refresh: 3600, retry: 600, expire: 86400, minimum: 0)
        let message = DNSMessage(
            header: DNSHeader(id: 0xABCD, isResponse: true, isAuthoritative: true, recursionDesired: true),
            questions: [DNSQuestion(name: name, type: DNSRecordType.srv)],
            answers: [
                DNSResourceRecord(name: name, ttl: 7, data: .srv(priority: 1, weight: 2, port: 8080, target: target)),
                DNSResourceRecord(name: name, data: .a([127, 0, 0, 1])),
            ],
            authorities: [DNSResourceRecord(name: DNSName("consul")!, data: .soa(soa))],
            additionals: [
                DNSResourceRecord(name: target, data: .aaaa(Array(repeating: 0, count: 15) + [1])),
                DNSExtension(udpPayloadSize: 1232, dnssecOK: true).record,
            ])
        let bytes = DNSWireWriter.encode(message)
        #expect(try DNSWireReader.message(from: bytes) == message)
        #expect(Array(bytes[bytes.count - 11..<bytes.count - 8]) == [0x00, 0x00, 0x29], "OPT has the root as owner")
    }

    @Test func ownersEqualToTheQuestionAreCompressed() {
        let name = DNSName("web.service.consul")!
        let record = DNSResourceRecord(name: name, data: .a([127, 0, 0, 1]))
        #expect(DNSWireWriter.encodedSize(of: record, questionName: name) == 2 + 10 + 4)
        #expect(DNSWireWriter.encodedSize(of: record, questionName: nil) == name.wireLength + 10 + 4)
        let message = DNSMessage(
            header: DNSHeader(id: 1), questions: [DNSQuestion(name: name, type: 1)], answers: [record])
        let bytes = DNSWireWriter.encode(message)
        #expect(Array(bytes[12 + name.wireLength + 4..<12 + name.wireLength + 6]) == [0xC0, 0x0C])
    }

    /// A response using a compression pointer in an owner and inside SRV data, as other servers send.
    @Test func compressedNamesAreFollowed() throws {
        var bytes: [UInt8] = [0, 1, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0]
        bytes += [3] + Array("web".utf8) + [7] + Array("service".utf8) + [6] + Array("consul".utf8) + [0, 0, 33, 0, 1]
        bytes += [0xC0, 0x0C, 0, 33, 0, 1, 0, 0, 0, 0, 0, 13, 0, 1, 0, 1, 0x1F, 0x90]
        bytes += [4] + Array("node".utf8) + [0xC0, 0x10]
        let message = try DNSWireReader.message(from: bytes)
        #expect(message.answers.first?.name.description == "web.service.consul.")
        #expect(
            message.answers.first?.data
                == .srv(priority: 1, weight: 1, port: 8080, target: DNSName("node.service.consul")!))
    }

    static func packet(question: [UInt8], counts: [UInt8] = [0, 1, 0, 0, 0, 0, 0, 0]) -> [UInt8] {
        [0, 1, 0, 0] + counts + question
    }

    @Test func pointerLoopsAndForwardPointersAreRejected() {
        let selfLoop = Self.packet(question: [0xC0, 12, 0, 1, 0, 1])
        #expect(throws: DNSWireError.self) { try DNSWireReader.message(from: selfLoop) }
        let forward = Self.packet(question: [0xC0, 14, 0, 1, 0, 1, 3] + Array("abc".utf8) + [0])
        #expect(throws: DNSWireError.self) { try DNSWireReader.message(from: forward) }
        let twoStep = Self.packet(question: [1, 0x61, 0xC0, 12, 0, 1, 0, 1])
        #expect(throws: DNSWireError.self) { try DNSWireReader.message(from: twoStep) }
    }

    @Test func reservedLabelTypesAreRejected() {
        for marker: UInt8 in [0x40, 0x80] {
            #expect(throws: DNSWireError.self) {
                try DNSWireReader.message(from: Self.packet(question: [marker | 1, 0x61, 0, 0, 1, 0, 1]))
            }
        }
    }

    @Test func namesLongerThan255BytesAreRejected() {
        let label: [UInt8] = [63] + Array(repeating: 0x61, count: 63)
        let long = Self.packet(question: label + label + label + label + [0, 0, 1, 0, 1])
        #expect(throws: DNSWireError.badName("longer than 255 bytes")) { try DNSWireReader.message(from: long) }
        #expect(DNSName(String(repeating: "a", count: 64) + ".consul") == nil)
        #expect(DNSName("a..consul") == nil)
    }

    @Test func truncatedSectionsAreRejected() {
        let valid = DNSQuery.packet("web.service.consul", DNSRecordType.a)
        for cut in 0..<valid.count {
            #expect(throws: DNSWireError.self, "cut at \(cut)") {
                try DNSWireReader.message(from: Array(valid.prefix(cut)))
            }
        }
        #expect(throws: Never.self) { try DNSWireReader.message(from: valid + [1, 2, 3]) }
    }

    @Test func recordDataOfTheWrongLengthIsRejected() {
        var bytes: [UInt8] = [0, 1, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0]
        bytes += [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 5, 127, 0, 0, 1, 9]
        #expect(throws: DNSWireError.badRecordData(type: 1, length: 5)) { try DNSWireReader.message(from: bytes) }
        var srv: [UInt8] = [0, 1, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0]
        srv += [0, 0, 33, 0, 1, 0, 0, 0, 0, 0, 9, 0, 1, 0, 1, 0, 80, 0, 7, 7]
        #expect(throws: DNSWireError.self) { try DNSWireReader.message(from: srv) }
    }
}
