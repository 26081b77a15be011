import Foundation
import MusterRegistry
import Testing

/// The records, flags and negative answers of `shared/protocols.md` §5.
@Suite("DNS records")
struct DNSRecordTests {
    @Test func addressAnswerIsAuthoritativeWithRDEchoedAndNoRecursion() async throws {
        let directory = DNSTestDirectory()
        directory.add("web", port: 8080)
        for recursionDesired in [true, false] {
            let packet = DNSQuery.packet(
                "web.service.consul", DNSRecordType.a, id: 777, recursionDesired: recursionDesired)
            let response = try await DNSQuery.ask(packet, directory: directory)
            #expect(response.header.id == 777)
            #expect(response.header.isResponse && response.header.isAuthoritative)
            #expect(response.header.recursionDesired == recursionDesired)
            #expect(!response.header.recursionAvailable && !response.header.isTruncated)
            #expect(response.questions == [DNSQuestion(name: DNSName("web.service.consul")!, type: DNSRecordType.a)])
            #expect(response.answers.map(\.presentation) == ["web.service.consul. 0 A 127.0.0.1"])
        }
    }

    @Test func srvTargetsTheHexAddressWithItsAddressInAdditional() async throws {
        let directory = DNSTestDirectory()
        directory.add("web", address: "127.0.0.1", port: 8080)
        let response = try await DNSQuery.ask("web.service.consul", DNSRecordType.srv, directory: directory)
        #expect(
            response.answers.map(\.presentation) == ["web.service.consul. 0 SRV 1 1 8080 7f000001.addr.dc1.consul."])
        #expect(response.additionals.map(\.presentation) == ["7f000001.addr.dc1.consul. 0 A 127.0.0.1"])
    }

    @Test func srvOfAnInstanceWithoutAddressTargetsItsNode() async throws {
        let directory = DNSTestDirectory(datacenter: "east")
        directory.add("db", address: "", port: 5432, node: DNSNode(name: "box", address: "10.0.0.9"))
        directory.add("db", address: "fd00::5", port: 5433)
        let response = try await DNSQuery.ask("db.service.consul", DNSRecordType.srv, directory: directory)
        #expect(
            response.answers.map(\.presentation).sorted() == [
                "db.service.consul. 0 SRV 1 1 5432 box.node.east.consul.",
                "db.service.consul. 0 SRV 1 1 5433 fd000000000000000000000000000005.addr.east.consul.",
            ])
        #expect(
            response.additionals.map(\.presentation).sorted() == [
                "box.node.east.consul. 0 A 10.0.0.9",
                "fd000000000000000000000000000005.addr.east.consul. 0 AAAA fd:0:0:0:0:0:0:0:0:0:0:0:0:0:0:5",
            ])
    }

    @Test func srvWeightFollowsTheInstanceStatus() async throws {
        let directory = DNSTestDirectory()
        directory.add("web", port: 1, weights: (passing: 10, warning: 3))
        directory.add("web", port: 2, isWarning: true, weights: (passing: 10, warning: 3))
        let response = try await DNSQuery.ask("web.service.consul", DNSRecordType.srv, directory: directory)
        #expect(
            response.answers.map(\.presentation).sorted() == [
                "web.service.consul. 0 SRV 1 10 1 7f000001.addr.dc1.consul.",
                "web.service.consul. 0 SRV 1 3 2 7f000001.addr.dc1.consul.",
            ])
        #expect(response.additionals.count == 1, "the shared target's address is given once")
    }

    @Test func criticalInstancesAreLeftOutAndNoneLeftIsNXDOMAINWithSOA() async throws {
        let directory = DNSTestDirectory()
        directory.add("web", address: "127.0.0.3", port: 1, isCritical: true)
        directory.add("web", address: "127.0.0.4", port: 2, isWarning: true)
        let found = try await DNSQuery.ask("web.service.consul", DNSRecordType.a, directory: directory)
        #expect(found.answers.map(\.presentation) == ["web.service.consul. 0 A 127.0.0.4"])
        directory.add("cache", port: 3, isCritical: true)
        let missing = try await DNSQuery.ask("cache.service.consul", DNSRecordType.a, directory: directory)
        #expect(missing.header.responseCode == DNSResponseCode.nameError && missing.header.isAuthoritative)
        #expect(missing.answers.isEmpty)
        #expect(
            missing.authorities.map(\.presentation) == [
                "consul. 0 SOA ns.consul. hostmaster.consul. 1700000000 3600 600 86400 0"
            ])
    }

    @Test func existingNameWithoutRecordsOfTheTypeIsNODATAWithSOA() async throws {
        let directory = DNSTestDirectory()
        directory.add("web", port: 8080)
        for type in [DNSRecordType.aaaa, DNSRecordType.ns, 16] {
            let response = try await DNSQuery.ask("web.service.consul", type, directory: directory)
            #expect(response.header.responseCode == DNSResponseCode.noError)
            #expect(response.answers.isEmpty)
            #expect(response.authorities.map(\.type) == [DNSRecordType.soa])
        }
    }

    @Test func anyQueryAnswersTheAddresses() async throws {
        let directory = DNSTestDirectory()
        directory.add("web", address: "127.0.0.1", port: 1)
        directory.add("web", address: "::1", port: 2)
        let response = try await DNSQuery.ask("web.service.consul", DNSRecordType.any, directory: directory)
        #expect(response.answers.map(\.type).sorted() == [DNSRecordType.a, DNSRecordType.aaaa])
    }

    @Test func duplicateRecordsAreAnsweredOnce() async throws {
        let directory = DNSTestDirectory()
        directory.add("web", address: "127.0.0.1", port: 8080)
        directory.add("web", address: "127.0.0.1", port: 8080)
        directory.add("web", address: "127.0.0.1", port: 8081)
        let addresses = try await DNSQuery.ask("web.service.consul", DNSRecordType.a, directory: directory)
        #expect(addresses.answers.count == 1)
        let locations = try await DNSQuery.ask("web.service.consul", DNSRecordType.srv, directory: directory)
        #expect(locations.answers.count == 2)
        #expect(locations.additionals.count == 1)
    }

    @Test func answersAreShuffledPerQuery() async throws {
        let directory = DNSTestDirectory()
        for index in 1...8 { directory.add("web", address: "10.0.0.\(index)", port: 80) }
        var orders = Set<[String]>()
        for seed in UInt64(1)...20 {
            let response = try await DNSQuery.ask(
                "web.service.consul", DNSRecordType.a, directory: directory, transport: .tcp, seed: seed)
            let order = response.answers.map(\.presentation)
            #expect(Set(order).count == 8)
            orders.insert(order)
        }
        #expect(orders.count > 10, "20 queries gave only \(orders.count) different orders")
    }

    @Test func respondAnswersFromTheDirectoryWithRandomOrderAndTheCurrentSerial() async throws {
        let directory = DNSTestDirectory()
        let responder = DNSResponder(datacenter: "dc1")
        let packet = DNSQuery.packet("none.service.consul", DNSRecordType.a)
        let bytes = try #require(await responder.respond(to: packet, transport: .udp, directory: directory))
        let response = try DNSWireReader.message(from: bytes)
        guard case .soa(let soa) = response.authorities.first?.data else {
            Issue.record("no SOA in \(response)")
            return
        }
        let now = UInt32(Date().timeIntervalSince1970)
        #expect((now - 5...now + 5).contains(soa.serial))
    }
}
