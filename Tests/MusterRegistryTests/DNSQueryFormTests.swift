import MusterRegistry
import Testing

/// The query forms of `shared/protocols.md` §5, answered from an in-memory directory.
@Suite("DNS query forms")
struct DNSQueryFormTests {
    let directory: DNSTestDirectory = {
        let directory = DNSTestDirectory()
        directory.add("web", tags: ["v1", "primary"], address: "127.0.0.1", port: 8080)
        directory.add("web", tags: ["v2"], address: "127.0.0.2", port: 8081)
        directory.add("api", tags: ["a.b"], address: "10.1.2.3", port: 9000)
        return directory
    }()

    func addresses(_ name: String, _ type: UInt16 = DNSRecordType.a) async throws -> [String] {
        let response = try await DNSQuery.ask(name, type, directory: directory)
        #expect(response.header.responseCode == DNSResponseCode.noError, "\(name)")
        return response.answers.map(\.presentation).sorted()
    }

    func responseCode(_ name: String, _ type: UInt16 = DNSRecordType.a) async throws -> UInt8 {
        try await DNSQuery.ask(name, type, directory: directory).header.responseCode
    }

    @Test func serviceNameAnswersEveryHealthyInstance() async throws {
        #expect(
            try await addresses("web.service.consul")
                == ["web.service.consul. 0 A 127.0.0.1", "web.service.consul. 0 A 127.0.0.2"])
    }

    @Test func datacenterLabelIsOptionalAndMustBeTheConfiguredOne() async throws {
        #expect(try await addresses("web.service.dc1.consul").count == 2)
        #expect(try await responseCode("web.service.dc2.consul") == DNSResponseCode.nameError)
    }

    @Test func tagFormFiltersByTag() async throws {
        #expect(try await addresses("v2.web.service.consul") == ["v2.web.service.consul. 0 A 127.0.0.2"])
        #expect(
            try await addresses("primary.web.service.dc1.consul") == ["primary.web.service.dc1.consul. 0 A 127.0.0.1"])
        #expect(try await responseCode("v3.web.service.consul") == DNSResponseCode.nameError)
    }

    @Test func labelsBeforeTheServiceFormOneDottedTag() async throws {
        #expect(try await addresses("a.b.api.service.consul") == ["a.b.api.service.consul. 0 A 10.1.2.3"])
        #expect(try await responseCode("b.api.service.consul") == DNSResponseCode.nameError)
    }

    @Test func rfc2782FormWithTcpMeansNoTagFilter() async throws {
        let all = try await addresses("_web._tcp.service.consul", DNSRecordType.srv)
        #expect(all.count == 2)
        let tagged = try await addresses("_web._v1.service.consul", DNSRecordType.srv)
        #expect(tagged == ["_web._v1.service.consul. 0 SRV 1 1 8080 7f000001.addr.dc1.consul."])
    }

    @Test func rfc2782FormMayOmitTheServiceLabelForSRV() async throws {
        #expect(try await addresses("_web._tcp.consul", DNSRecordType.srv).count == 2)
        #expect(try await addresses("_web._tcp.dc1.consul", DNSRecordType.srv).count == 2)
        #expect(try await responseCode("_web._tcp.dc2.consul", DNSRecordType.srv) == DNSResponseCode.nameError)
        #expect(try await responseCode("_web._tcp.consul", DNSRecordType.a) == DNSResponseCode.nameError)
    }

    @Test func namesAreCaseInsensitiveAndEchoedAsAsked() async throws {
        let response = try await DNSQuery.ask("WeB.SeRvIcE.CoNsUl", DNSRecordType.a, directory: directory)
        #expect(response.answers.count == 2)
        #expect(response.questions.first?.name.description == "WeB.SeRvIcE.CoNsUl.")
        #expect(response.answers.allSatisfy { $0.name.description == "WeB.SeRvIcE.CoNsUl." })
        #expect(try await addresses("V2.WEB.SERVICE.DC1.CONSUL").count == 1)
    }

    @Test func nodeFormAnswersTheNodeAddress() async throws {
        let other = DNSNode(name: "box", address: "::1")
        directory.add("db", address: "", port: 5432, node: other)
        #expect(try await addresses("muster.node.consul") == ["muster.node.consul. 0 A 127.0.0.1"])
        #expect(
            try await addresses("BOX.node.dc1.consul", DNSRecordType.aaaa) == [
                "BOX.node.dc1.consul. 0 AAAA 0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:1"
            ])
        #expect(try await responseCode("nobody.node.consul") == DNSResponseCode.nameError)
    }

    @Test func addrFormDecodesHexAddresses() async throws {
        #expect(try await addresses("7f000001.addr.dc1.consul") == ["7f000001.addr.dc1.consul. 0 A 127.0.0.1"])
        #expect(try await addresses("0A010203.addr.consul") == ["0A010203.addr.consul. 0 A 10.1.2.3"])
        let v6 = "00000000000000000000000000000001.addr.dc1.consul"
        #expect(try await addresses(v6, DNSRecordType.aaaa).count == 1)
        #expect(try await addresses(v6, DNSRecordType.a).isEmpty)
        #expect(try await responseCode("7f00001.addr.dc1.consul") == DNSResponseCode.nameError)
        #expect(try await responseCode("7f00000g.addr.dc1.consul") == DNSResponseCode.nameError)
    }

    @Test func unknownFormsInsideTheDomainAreNXDOMAIN() async throws {
        for name in ["consul.consul", "service.consul", "web.services.consul", "x.y.z.consul", "query.consul"] {
            #expect(try await responseCode(name) == DNSResponseCode.nameError, "\(name)")
        }
    }

    @Test func namesOutsideTheDomainAreRefused() async throws {
        for name in ["example.com", "consul.example", "web.service.consul.local", "."] {
            let response = try await DNSQuery.ask(name, DNSRecordType.a, directory: directory)
            #expect(response.header.responseCode == DNSResponseCode.refused, "\(name)")
            #expect(response.answers.isEmpty && response.authorities.isEmpty)
        }
    }

    @Test func domainApexAnswersItsSOA() async throws {
        let response = try await DNSQuery.ask("consul", DNSRecordType.soa, directory: directory)
        #expect(
            response.answers.map(\.presentation) == [
                "consul. 0 SOA ns.consul. hostmaster.consul. 1700000000 3600 600 86400 0"
            ])
        #expect(response.header.isAuthoritative)
    }
}
