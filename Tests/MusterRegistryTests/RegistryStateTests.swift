import Testing

@testable import MusterRegistry

/// The catalog and KV store as values, and the registry's indexes (`shared/protocols.md` §4.2, §4.6).
@Suite("Registry state")
struct RegistryStateTests {
    static let node = RegistryNode(name: "box", id: "id", address: "127.0.0.1", datacenter: "dc1")

    static func ttlCheck(_ id: String, service: String) -> RegistryCheck {
        var check = RegistryCheck(id: id, name: "ttl", kind: .ttl(.seconds(30)))
        check.serviceID = service
        return check
    }

    @Test("Re-registering keeps the status of a check with the same ID; replace-existing-checks drops the others")
    func reregistration() {
        var catalog = CatalogState(node: Self.node, startIndex: 100)
        let web = ServiceInstance(id: "web-1", name: "web")
        _ = catalog.register(
            web, checks: [Self.ttlCheck("a", service: "web-1"), Self.ttlCheck("b", service: "web-1")],
            replacingChecks: false, at: 101)
        let changed = catalog.update(check: "a", status: .passing, output: "fine", at: 102)
        #expect(changed)
        let changedAgain = catalog.update(check: "a", status: .passing, output: "fine", at: 103)
        #expect(!changedAgain)
        var tagged = web
        tagged.tags = ["v2"]
        let removed = catalog.register(
            tagged, checks: [Self.ttlCheck("a", service: "web-1")], replacingChecks: true, at: 104)
        #expect(removed == ["b"])
        #expect(catalog.checks["a"]?.status == .passing && catalog.checks["a"]?.output == "fine")
        #expect(catalog.checks["a"]?.serviceTags == ["v2"])
        #expect(catalog.services["web-1"]?.createIndex == 101 && catalog.services["web-1"]?.modifyIndex == 104)
    }

    @Test("Health lists node checks first; ?passing drops warnings; indexes follow only relevant writes")
    func healthAndIndexes() {
        var catalog = CatalogState(node: Self.node, startIndex: 100)
        _ = catalog.register(
            ServiceInstance(id: "web-2", name: "web"), checks: [Self.ttlCheck("w2", service: "web-2")],
            replacingChecks: false, at: 101)
        _ = catalog.register(
            ServiceInstance(id: "web-1", name: "Web"), checks: [Self.ttlCheck("w1", service: "web-1")],
            replacingChecks: false, at: 102)
        _ = catalog.register(ServiceInstance(id: "db", name: "db"), checks: [], replacingChecks: false, at: 103)
        #expect(catalog.health(of: "WEB").map(\.service.id) == ["web-1", "web-2"])
        #expect(catalog.health(of: "web").first?.checks.map(\.id) == ["serfHealth", "w1"])
        _ = catalog.update(check: "w1", status: .passing, output: "", at: 104)
        _ = catalog.update(check: "w2", status: .warning, output: "", at: 105)
        #expect(catalog.health(of: "web", passingOnly: true).map(\.service.id) == ["web-1"])
        #expect(catalog.healthIndex(of: "web") == 105 && catalog.catalogIndex(of: "web") == 102)
        #expect(catalog.healthIndex(of: "db") == 103 && catalog.servicesIndex == 103)
        let removed = catalog.deregister(service: "web-2", at: 106)
        #expect(removed == ["w2"])
        #expect(catalog.healthIndex(of: "web") == 106 && catalog.checks["w2"] == nil)
        #expect(catalog.healthIndex(of: "never-seen") == 106)
        let again = catalog.deregister(service: "web-2", at: 107)
        #expect(again == nil)
    }

    @Test("KV: cas, flags, keys with a separator, and prefix indexes that move on deletion")
    func keyValue() {
        var kv = KVState(startIndex: 50)
        let created = kv.put("app/a", value: [1], flags: 7, cas: 0, at: 51)
        #expect(created)
        let createdTwice = kv.put("app/a", value: [2], flags: 0, cas: 0, at: 52)
        #expect(!createdTwice)
        let staleCAS = kv.put("app/a", value: [2], flags: 0, cas: 99, at: 52)
        #expect(!staleCAS)
        let matchingCAS = kv.put("app/a", value: [2], flags: 0, cas: 51, at: 52)
        #expect(matchingCAS)
        #expect(kv.entry("app/a") == KVEntry(key: "app/a", value: [2], flags: 0, createIndex: 51, modifyIndex: 52))
        let deepPut = kv.put("app/deep/x", value: [], flags: 0, cas: nil, at: 53)
        #expect(deepPut)
        let siblingPut = kv.put("apple", value: [], flags: 0, cas: nil, at: 54)
        #expect(siblingPut)
        #expect(kv.keys(under: "app/", separator: "/") == ["app/a", "app/deep/"])
        #expect(kv.keys(under: "app", separator: "/") == ["app/", "apple"])
        #expect(kv.index(under: "app/") == 53 && kv.index(of: "nothing") == 50)
        let zeroCASDelete = kv.delete("app/a", cas: 0, at: 55)
        #expect(!zeroCASDelete)
        let matchingCASDelete = kv.delete("app/a", cas: 52, at: 55)
        #expect(matchingCASDelete)
        #expect(kv.index(under: "app/") == 55 && kv.index(of: "app/a") == 55)
        let treeDeletedOnce = kv.deleteTree("app/", at: 56) && !kv.deleteTree("app/", at: 57)
        #expect(treeDeletedOnce)
        #expect(kv.entries(under: "").map(\.key) == ["apple"] && kv.index(under: "app/") == 56)
    }

    @Test("Go durations parse and print as Consul shows them")
    func durations() {
        #expect(GoDuration.parse("10s") == .seconds(10))
        #expect(GoDuration.parse("1m30s") == .seconds(90))
        #expect(GoDuration.parse("1.5h") == .seconds(5400))
        #expect(GoDuration.parse("100ms") == .milliseconds(100))
        #expect(GoDuration.parse("20\u{B5}s") == .microseconds(20))
        #expect(GoDuration.parse("0") == .zero)
        for bad in ["", "10", "s", "1x", "1.2.3s", "--1s"] { #expect(GoDuration.parse(bad) == nil, "\(bad)") }
        #expect(GoDuration.format(.seconds(10)) == "10s")
        #expect(GoDuration.format(.seconds(90)) == "1m30s")
        #expect(GoDuration.format(.seconds(3600)) == "1h0m0s")
        #expect(GoDuration.format(.milliseconds(250)) == "250ms")
        #expect(GoDuration.format(.milliseconds(1500)) == "1.5s")
        #expect(GoDuration.format(.zero) == "0s")
    }

    @Test("Registration bodies: any key case, snake_case, check naming, refusals")
    func decoding() throws {
        let body = #"""
            {"NAME":"api","Port":81,"enable_tag_override":true,"weights":{"passing":3,"warning":2},
             "check":{"http":"http://127.0.0.1:81/health","interval":"5s","Header":{"X-A":["1","2"]}},
             "checks":[{"tcp":"127.0.0.1:81","interval":1000000000,"deregister_critical_service_after":"2m"},
                       {"ttl":"10s","status":"passing","name":"beat","check_id":"hb"}]}
            """#
        let registration = try ServiceRegistration(body: Array(body.utf8))
        #expect(registration.service.id == "api" && registration.service.enableTagOverride)
        #expect(registration.service.weights == .init(passing: 3, warning: 2))
        #expect(registration.checks.map(\.id) == ["service:api:1", "service:api:2", "hb"])
        #expect(registration.checks[0].name == "Service 'api' check")
        #expect(registration.checks[1].kind == .tcp(host: "127.0.0.1", port: 81))
        #expect(registration.checks[1].interval == .seconds(1))
        #expect(registration.checks[1].deregisterCriticalAfter == .seconds(120))
        #expect(registration.checks[2].status == .passing && registration.checks[2].name == "beat")
        guard case .http(let target) = registration.checks[0].kind else {
            Issue.record("not an HTTP check")
            return
        }
        #expect(target.headers["X-A"] == ["1", "2"])
        let refusals = [
            "[]": "Request decode failed", #"{"name":"a","address":"0.0.0.0"}"#: "Invalid service address",
            #"{"name":"a","check":{"http":"https://x/","interval":"1s"}}"#: "https://",
            #"{"name":"a","check":{"grpc":"x:1","interval":"1s"}}"#: "GRPC checks are not supported",
            #"{"name":"a","check":{"interval":"1s"}}"#: "must provide TTL",
            #"{"name":"a","check":{"ttl":"soon"}}"#: "invalid duration",
        ]
        for (body, message) in refusals {
            let error = #expect(throws: RegistryError.self, "\(body)") {
                try ServiceRegistration(body: Array(body.utf8))
            }
            #expect(error?.status == 400 && error?.message.contains(message) == true, "\(String(describing: error))")
        }
    }
}
