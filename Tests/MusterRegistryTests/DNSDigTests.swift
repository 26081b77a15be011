import MusterRegistry
import Testing

/// The responder on real sockets, asked by a real resolver tool (`shared/protocols.md` §6.6).
@Suite("DNS with dig")
struct DNSDigTests {
    static func directory() -> DNSTestDirectory {
        let directory = DNSTestDirectory()
        directory.add("worker", tags: ["v1"], address: "127.0.0.1", port: 8080)
        directory.add("worker", tags: ["v2"], address: "127.0.0.1", port: 8081)
        directory.add("web", address: "127.0.0.1", port: 3000)
        directory.add("down", port: 9, isCritical: true)
        for index in 1...5 { directory.add("many", address: "10.0.0.\(index)", port: 7000 + index) }
        return directory
    }

    /// Runs `body` with dig's path and a responder's port, or records why it cannot.
    func withDig(_ body: @Sendable (String, Int) async throws -> Void) async throws {
        guard let dig = DNSDig.executable() else { return }
        try await withDNSServer(Self.directory()) { _, port in try await body(dig, port) }
    }

    @Test("dig SRV answers every ready instance's port, with the target's address")
    func srv() async throws {
        try await withDig { dig, port in
            let output = try await DNSDig.run(dig, port: port, ["worker.service.consul", "SRV"])
            #expect(output.status == "NOERROR", "\(output)")
            #expect(output.flags.isSuperset(of: ["qr", "aa", "rd"]) && !output.flags.contains("ra"), "\(output)")
            #expect(
                output.section("ANSWER").sorted() == [
                    "worker.service.consul. 0 SRV 1 1 8080 7f000001.addr.dc1.consul.",
                    "worker.service.consul. 0 SRV 1 1 8081 7f000001.addr.dc1.consul.",
                ], "\(output)")
            #expect(output.section("ADDITIONAL") == ["7f000001.addr.dc1.consul. 0 A 127.0.0.1"], "\(output)")
        }
    }

    @Test("dig A, the datacenter form and the RFC 2782 form")
    func addressForms() async throws {
        try await withDig { dig, port in
            let plain = try await DNSDig.run(dig, port: port, ["web.service.consul", "A"])
            #expect(plain.section("ANSWER") == ["web.service.consul. 0 A 127.0.0.1"], "\(plain)")
            let datacenter = try await DNSDig.run(dig, port: port, ["web.service.dc1.consul"])
            #expect(datacenter.section("ANSWER") == ["web.service.dc1.consul. 0 A 127.0.0.1"], "\(datacenter)")
            let rfc2782 = try await DNSDig.run(dig, port: port, ["_worker._tcp.service.consul", "SRV"])
            #expect(rfc2782.section("ANSWER").count == 2, "\(rfc2782)")
        }
    }

    @Test("dig a tag query")
    func tag() async throws {
        try await withDig { dig, port in
            let output = try await DNSDig.run(dig, port: port, ["v2.worker.service.consul", "SRV"])
            #expect(
                output.section("ANSWER") == ["v2.worker.service.consul. 0 SRV 1 1 8081 7f000001.addr.dc1.consul."],
                "\(output)")
        }
    }

    @Test("dig +tcp")
    func tcp() async throws {
        try await withDig { dig, port in
            let output = try await DNSDig.run(dig, port: port, ["+tcp", "worker.service.consul", "SRV"])
            #expect(output.status == "NOERROR", "\(output)")
            #expect(output.section("ANSWER").count == 2, "\(output)")
            #expect(output.text.contains("(TCP)"), "\(output)")
        }
    }

    @Test("dig NXDOMAIN for unknown and critical services, with the SOA")
    func nxdomain() async throws {
        try await withDig { dig, port in
            for name in ["nope.service.consul", "down.service.consul"] {
                let output = try await DNSDig.run(dig, port: port, [name])
                #expect(output.status == "NXDOMAIN", "\(output)")
                #expect(output.flags.contains("aa"), "\(output)")
                let authority = output.section("AUTHORITY")
                #expect(
                    authority.count == 1 && authority[0].hasPrefix("consul. 0 SOA ns.consul. hostmaster.consul. "),
                    "\(output)")
            }
        }
    }

    @Test("dig AAAA of an IPv4-only service is NOERROR and empty")
    func nodata() async throws {
        try await withDig { dig, port in
            let output = try await DNSDig.run(dig, port: port, ["web.service.consul", "AAAA"])
            #expect(output.status == "NOERROR", "\(output)")
            #expect(output.section("ANSWER").isEmpty, "\(output)")
            #expect(output.section("AUTHORITY").count == 1, "\(output)")
        }
    }

    @Test("dig without EDNS gets 3 answers and TC, and retries over TCP for all of them")
    func truncation() async throws {
        try await withDig { dig, port in
            let truncated = try await DNSDig.run(dig, port: port, ["+noedns", "+ignore", "many.service.consul"])
            #expect(truncated.flags.contains("tc"), "\(truncated)")
            #expect(truncated.section("ANSWER").count == 3, "\(truncated)")
            let retried = try await DNSDig.run(dig, port: port, ["+noedns", "many.service.consul"])
            #expect(retried.section("ANSWER").count == 5, "\(retried)")
            let edns = try await DNSDig.run(dig, port: port, ["many.service.consul"])
            #expect(edns.section("ANSWER").count == 5 && !edns.flags.contains("tc"), "\(edns)")
            #expect(edns.text.contains("; EDNS: version: 0"), "\(edns)")
        }
    }

    @Test("dig for a name outside consul. is refused")
    func refused() async throws {
        try await withDig { dig, port in
            let output = try await DNSDig.run(dig, port: port, ["example.com"])
            #expect(output.status == "REFUSED", "\(output)")
        }
    }
}
