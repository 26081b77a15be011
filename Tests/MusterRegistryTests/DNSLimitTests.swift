import MusterRegistry
import Testing

/// Transport limits (`shared/protocols.md` §5): 3 answers and 512 bytes over UDP without EDNS0,
/// the advertised size with it, 64 KiB over TCP; TC when answers were left out.
@Suite("DNS response limits")
struct DNSLimitTests {
    static func directory(instances: Int, service: String = "web") -> DNSTestDirectory {
        let directory = DNSTestDirectory()
        for index in 0..<instances {
            directory.add(service, address: "10.0.\(index / 250).\(index % 250 + 1)", port: 1000 + index)
        }
        return directory
    }

    @Test func udpWithoutEDNSKeepsThreeAnswersAndSetsTC() async throws {
        let directory = Self.directory(instances: 5)
        for type in [DNSRecordType.a, DNSRecordType.srv] {
            let response = try await DNSQuery.ask("web.service.consul", type, directory: directory)
            #expect(response.answers.count == 3)
            #expect(response.header.isTruncated)
            #expect(response.additionals.isEmpty == (type == DNSRecordType.a))
            if type == DNSRecordType.srv {
                let targets = response.answers.compactMap { record -> DNSName? in
                    if case .srv(_, _, _, let target) = record.data { return target }
                    return nil
                }
                #expect(response.additionals.map(\.name) == targets, "additional records follow the kept answers")
            }
        }
    }

    @Test func threeAnswersOrFewerAreNotTruncated() async throws {
        let response = try await DNSQuery.ask(
            "web.service.consul", DNSRecordType.a, directory: Self.directory(instances: 3))
        #expect(response.answers.count == 3)
        #expect(!response.header.isTruncated)
    }

    @Test func udpWithEDNSUsesTheAdvertisedSizeAndEchoesOPT() async throws {
        let directory = Self.directory(instances: 5)
        let edns = DNSExtension(udpPayloadSize: 4096)
        let response = try await DNSQuery.ask("web.service.consul", DNSRecordType.srv, directory: directory, edns: edns)
        #expect(response.answers.count == 5)
        #expect(response.additionals.count == 6)
        #expect(!response.header.isTruncated)
        #expect(response.extensionRecords == [DNSExtension(udpPayloadSize: 4096)])
    }

    @Test func udpResponsesNeverExceedTheSizeLimit() async throws {
        let directory = Self.directory(instances: 300)
        for size in [0, 512, 1232, 4096] as [UInt16] {
            let edns = size == 0 ? nil : DNSExtension(udpPayloadSize: size)
            let packet = DNSQuery.packet("web.service.consul", DNSRecordType.srv, edns: edns)
            let response = try await DNSQuery.ask(packet, directory: directory, udpAnswerLimit: 1000)
            let encoded = DNSWireWriter.encode(response).count
            #expect(encoded <= max(512, Int(size)), "size \(size)")
            #expect(
                encoded > max(512, Int(size)) - 60,
                "size \(size): the response should be nearly full, it has \(encoded) bytes")
            #expect(response.header.isTruncated)
            #expect(response.answers.count > 3 && response.answers.count < 300)
        }
    }

    @Test func smallAdvertisedSizesCountAs512() async throws {
        let edns = DNSExtension(udpPayloadSize: 100)
        let packet = DNSQuery.packet("web.service.consul", DNSRecordType.a, edns: edns)
        let response = try await DNSQuery.ask(packet, directory: Self.directory(instances: 50))
        #expect(response.answers.count > 3)
        #expect(DNSWireWriter.encode(response).count <= 512)
        #expect(response.extensionRecords.first?.udpPayloadSize == 512)
    }

    @Test func tcpHasNoAnswerLimit() async throws {
        let directory = Self.directory(instances: 2000)
        let response = try await DNSQuery.ask(
            "web.service.consul", DNSRecordType.a, directory: directory, transport: .tcp)
        #expect(response.answers.count == 2000)
        #expect(!response.header.isTruncated)
    }

    @Test func tcpStopsAt64KiB() async throws {
        let directory = Self.directory(instances: 3000)
        let packet = DNSQuery.packet("web.service.consul", DNSRecordType.srv)
        let response = try await DNSQuery.ask(packet, directory: directory, transport: .tcp)
        #expect(DNSWireWriter.encode(response).count <= 65535)
        #expect(response.header.isTruncated)
        #expect(response.answers.count > 700)
    }
}
