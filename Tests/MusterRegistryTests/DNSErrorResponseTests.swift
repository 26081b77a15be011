import MusterRegistry
import Testing

/// Replies to queries the responder does not answer: other opcodes, other classes, malformed
/// packets, unsupported EDNS versions, and packets that get no reply at all.
@Suite("DNS error responses")
struct DNSErrorResponseTests {
    let directory = DNSTestDirectory()
    let responder = DNSResponder(datacenter: "dc1")

    @Test func otherOpcodesAreNotImplemented() async throws {
        for opcode: UInt8 in [1, 2, 4, 5, 15] {
            let packet = DNSQuery.packet("web.service.consul", DNSRecordType.a, id: 9, opcode: opcode)
            let response = try await DNSQuery.ask(packet, directory: directory)
            #expect(response.header.responseCode == DNSResponseCode.notImplemented)
            #expect(response.header.opcode == opcode && response.header.id == 9)
            #expect(response.questions.count == 1)
        }
    }

    @Test func otherClassesAreRefused() async throws {
        var message = DNSMessage(
            header: DNSHeader(id: 4),
            questions: [DNSQuestion(name: DNSName("version.bind")!, type: 16, recordClass: 3)])
        let response = try await DNSQuery.ask(DNSWireWriter.encode(message), directory: directory)
        #expect(response.header.responseCode == DNSResponseCode.refused)
        message.questions[0] = DNSQuestion(name: DNSName("web.service.consul")!, type: 1, recordClass: 255)
        let anyClass = try await DNSQuery.ask(DNSWireWriter.encode(message), directory: directory)
        #expect(anyClass.header.responseCode == DNSResponseCode.nameError)
    }

    @Test func questionCountOtherThanOneIsAFormatError() async throws {
        let question = DNSQuestion(name: DNSName("web.service.consul")!, type: DNSRecordType.a)
        for questions in [[], [question, question]] {
            let message = DNSMessage(header: DNSHeader(id: 12, recursionDesired: true), questions: questions)
            let response = try await DNSQuery.ask(DNSWireWriter.encode(message), directory: directory)
            #expect(response.header.responseCode == DNSResponseCode.formatError)
            #expect(response.header.id == 12 && response.header.recursionDesired)
            #expect(response.answers.isEmpty)
        }
    }

    @Test func undecodablePacketsAreFormatErrorsKeepingTheirID() async throws {
        let valid = DNSQuery.packet("web.service.consul", DNSRecordType.a, id: 0xBEEF)
        for cut in [13, 20, valid.count - 1] {
            let response = try await DNSQuery.ask(Array(valid.prefix(cut)), directory: directory)
            #expect(response.header.responseCode == DNSResponseCode.formatError, "cut at \(cut)")
            #expect(response.header.id == 0xBEEF)
            #expect(response.questions.isEmpty)
        }
    }

    @Test func twoOPTRecordsAreAFormatError() async throws {
        var message = try DNSWireReader.message(from: DNSQuery.packet("web.service.consul", DNSRecordType.a))
        message.additionals = [DNSExtension(udpPayloadSize: 1232).record, DNSExtension(udpPayloadSize: 4096).record]
        let response = try await DNSQuery.ask(DNSWireWriter.encode(message), directory: directory)
        #expect(response.header.responseCode == DNSResponseCode.formatError)
    }

    @Test func unknownEDNSVersionIsBADVERS() async throws {
        let edns = DNSExtension(udpPayloadSize: 1232, version: 1)
        let response = try await DNSQuery.ask(
            DNSQuery.packet("web.service.consul", DNSRecordType.a, edns: edns), directory: directory)
        let opt = try #require(response.extensionRecords.first)
        #expect(
            UInt16(opt.extendedResponseCode) << 4 | UInt16(response.header.responseCode) == DNSResponseCode.badVersion)
        #expect(opt.version == 0)
    }

    @Test func shortPacketsAndResponsesGetNoReply() {
        let valid = DNSQuery.packet("web.service.consul", DNSRecordType.a)
        for cut in 0..<12 { #expect(responder.prepare(Array(valid.prefix(cut))) == nil) }
        var response = valid
        response[2] |= 0x80
        #expect(responder.prepare(response) == nil)
    }

    @Test func onlyFormatErrorsEndATCPConnection() throws {
        let valid = DNSQuery.packet("web.service.consul", DNSRecordType.a)
        #expect(try #require(responder.prepare(Array(valid.prefix(14)))).isMalformed)
        #expect(try !#require(responder.prepare(valid)).isMalformed)
        #expect(try !#require(responder.prepare(DNSQuery.packet("example.com", DNSRecordType.a))).isMalformed)
    }
}
