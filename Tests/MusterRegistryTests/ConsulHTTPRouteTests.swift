import Foundation
import MusterRegistry
import NIOHTTP1
import Testing

/// The Consul HTTP routes on a real socket (`shared/protocols.md` §4).
@Suite("Consul HTTP routes")
struct ConsulHTTPRouteTests {
    typealias Client = ConsulTestClient

    @Test("Registering with lower-case keys, then agent, catalog and health views agree")
    func registerAndRead() async throws {
        try await withConsulServer { _, port in
            let register = try await Client.put(
                port, "/v1/agent/service/register",
                #"{"name":"web","id":"web-1","address":"127.0.0.1","port":8080,"tags":["v1"],"#
                    + #""meta":{"muster_project":"demo"},"checks":[{"ttl":"30s"}],"#
                    + #""tagged_addresses":{"lan":{"address":"127.0.0.1","port":8080}}}"#)
            #expect(register.status == 200 && register.body.isEmpty, "\(register.text)")
            #expect(register.index != nil)

            let services = try await Client.get(port, "/v1/agent/services").object()
            let web = try #require(services["web-1"] as? [String: Any])
            #expect(web["Service"] as? String == "web" && web["Port"] as? Int == 8080)
            #expect((web["Meta"] as? [String: String]) == ["muster_project": "demo"])
            let lan = (web["TaggedAddresses"] as? [String: Any])?["lan"] as? [String: Any]
            #expect(lan?["Address"] as? String == "127.0.0.1" && lan?["Port"] as? Int == 8080)

            let health = try await Client.get(port, "/v1/health/service/web")
            let entries = try health.list()
            #expect(health.index != nil && health.index! > 1)
            let checks = try #require(entries.first?["Checks"] as? [[String: Any]])
            #expect(Set(checks.compactMap { $0["CheckID"] as? String }) == ["serfHealth", "service:web-1"])
            #expect(try await Client.get(port, "/v1/health/service/web?passing").list().isEmpty)

            #expect(try await Client.put(port, "/v1/agent/check/pass/service:web-1?note=all+good").status == 200)
            let passing = try await Client.get(port, "/v1/health/service/WEB?passing=1&tag=V1").list()
            #expect(passing.count == 1)
            let agentChecks = try await Client.get(port, "/v1/agent/checks").object()
            #expect((agentChecks["service:web-1"] as? [String: Any])?["Output"] as? String == "all good")
            #expect(agentChecks["serfHealth"] == nil)

            let catalog = try await Client.get(port, "/v1/catalog/service/web?tag=v1").list()
            #expect(catalog.first?["ServiceID"] as? String == "web-1")
            #expect((try await Client.get(port, "/v1/catalog/services").object()["web"] as? [String]) == ["v1"])
        }
    }

    @Test("Errors are plain text with the right status, and every answer has X-Consul-Index")
    func errors() async throws {
        try await withConsulServer { _, port in
            let missing = try await Client.put(port, "/v1/agent/service/deregister/nope")
            #expect(missing.status == 404 && missing.text.contains("Unknown service ID \"nope\""))
            #expect(missing.index != nil)
            let malformed = try await Client.put(port, "/v1/agent/service/register", "{\"name\": ")
            #expect(malformed.status == 400 && malformed.text.hasPrefix("Request decode failed"))
            let nameless = try await Client.put(port, "/v1/agent/service/register", "{\"port\": 1}")
            #expect(nameless.status == 400 && nameless.text == "Missing service name")
            let wrongType = try await Client.put(port, "/v1/agent/service/register", "{\"name\":\"a\",\"port\":\"x\"}")
            #expect(wrongType.status == 400, "\(wrongType.text)")
            let badStatus = try await Client.put(
                port, "/v1/agent/service/register", #"{"name":"a","check":{"ttl":"5s","status":"ok"}}"#)
            #expect(badStatus.status == 400)
            let script = try await Client.put(
                port, "/v1/agent/service/register", #"{"name":"a","check":{"args":["true"],"interval":"5s"}}"#)
            #expect(script.status == 400 && script.text.contains("Scripts are disabled"))
            let wrongMethod = try await Client.get(port, "/v1/agent/service/register")
            #expect(wrongMethod.status == 405 && wrongMethod.headers.first(name: "Allow") == "PUT")
            let unknown = try await Client.get(port, "/v1/nothing/here")
            #expect(unknown.status == 404 && unknown.index != nil)
            let otherDC = try await Client.get(port, "/v1/catalog/services?dc=dc9")
            #expect(otherDC.status == 500 && otherDC.text == "No path to datacenter")
            #expect(try await Client.get(port, "/v1/kv/a?index=x").status == 400)
            #expect(try await Client.get(port, "/v1/kv/a?index=1&wait=soon").status == 400)
            #expect(try await Client.get(port, "/v1/health/service/a?passing=maybe").status == 400)
            let notTTL = try await Client.put(port, "/v1/agent/check/pass/none")
            #expect(notTTL.status == 404 && notTTL.text.contains("Unknown check ID"))
        }
    }

    @Test("A foreign Host header is refused; oversized bodies get 413 and the server keeps serving")
    func guards() async throws {
        try await withConsulServer { _, port in
            let foreign = try await Client.request(
                port: port, .GET, "/v1/status/leader", headers: [("Host", "evil.example:8500")])
            #expect(foreign.status == 403)
            let big = [UInt8](repeating: 65, count: 600 * 1024)
            let tooBig = try await Client.request(port: port, .PUT, "/v1/kv/big", body: big)
            #expect(tooBig.status == 413, "\(tooBig.text)")
            let bigJSON = [UInt8](repeating: 32, count: 2 * 1024 * 1024)
            #expect(
                try await Client.request(port: port, .PUT, "/v1/agent/service/register", body: bigJSON).status == 413)
            #expect(try await Client.get(port, "/v1/status/leader").text == "\"127.0.0.1:8300\"")
        }
    }

    @Test("KV: binary values, raw reads, flags, cas, keys with a separator, recursive delete")
    func keyValue() async throws {
        try await withConsulServer { _, port in
            let binary: [UInt8] = [0, 255, 10, 13, 128, 1]
            let put = try await Client.request(port: port, .PUT, "/v1/kv/cfg/bin?flags=42", body: binary)
            #expect(put.text == "true")
            let raw = try await Client.get(port, "/v1/kv/cfg/bin?raw")
            #expect(raw.body == binary && raw.headers.first(name: "X-Content-Type-Options") == "nosniff")
            let entry = try #require(try await Client.get(port, "/v1/kv/cfg/bin").list().first)
            #expect(entry["Flags"] as? Int == 42)
            #expect(entry["Value"] as? String == Data(binary).base64EncodedString())
            let modify = try #require(entry["ModifyIndex"] as? Int)
            #expect(try await Client.put(port, "/v1/kv/cfg/bin?cas=0", "x").text == "false")
            #expect(try await Client.put(port, "/v1/kv/cfg/bin?cas=\(modify)", "x").text == "true")
            #expect(try await Client.put(port, "/v1/kv/cfg/empty").text == "true")
            #expect(try await Client.get(port, "/v1/kv/cfg/empty").list().first?["Value"] is NSNull)
            _ = try await Client.put(port, "/v1/kv/cfg/deep/er", "1")
            let keys = try await Client.get(port, "/v1/kv/cfg/?keys&separator=/")
            #expect((try keys.json() as? [String]) == ["cfg/bin", "cfg/deep/", "cfg/empty"])
            let missing = try await Client.get(port, "/v1/kv/nothing")
            #expect(missing.status == 404 && missing.body.isEmpty && missing.index != nil)
            #expect(try await Client.get(port, "/v1/kv/").status == 400)
            #expect(try await Client.get(port, "/v1/kv/?keys").text == "[\"cfg/bin\",\"cfg/deep/er\",\"cfg/empty\"]")
            #expect(try await Client.put(port, "/v1/kv/cfg/x?acquire=abc").status == 500)
            #expect(try await Client.put(port, "/v1/kv/cfg/x?acquire=abc&cas=1").status == 400)
            #expect(try await Client.request(port: port, .DELETE, "/v1/kv/cfg?recurse").text == "true")
            #expect(try await Client.get(port, "/v1/kv/cfg?recurse").status == 404)
        }
    }

    @Test("agent/self has the keys clients check, and the leader matches status/leader")
    func agentSelf() async throws {
        try await withConsulServer { registry, port in
            let document = try await Client.get(port, "/v1/agent/self").object()
            #expect(Set(document.keys) == ["Config", "DebugConfig", "Coord", "Member", "Stats", "Meta", "xDS"])
            let stats = (document["Stats"] as? [String: Any])?["consul"] as? [String: String]
            #expect(stats?["leader_addr"] == "127.0.0.1:8300")
            let config = document["Config"] as? [String: Any]
            #expect(config?["NodeName"] as? String == registry.configuration.nodeName)
            #expect((try await Client.get(port, "/v1/catalog/datacenters").json() as? [String]) == ["dc1"])
            let node = try await Client.get(port, "/v1/catalog/node/\(registry.configuration.nodeName)").object()
            #expect(node["Services"] is [String: Any])
            #expect(try await Client.get(port, "/v1/catalog/node/other").text == "null")
        }
    }
}
