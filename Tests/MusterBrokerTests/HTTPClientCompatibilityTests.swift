import Foundation
import MusterBroker
import MusterCore
import MusterTesting
import Testing

/// Real NSQ client libraries from PyPI against the nsqd and nsqlookupd HTTP APIs.
@Suite("HTTP client compatibility", .timeLimit(.minutes(1)))
struct HTTPClientCompatibilityTests {
    /// Runs a script with `arguments`; its output goes to a file shown when it fails.
    static func run(
        _ script: String, module: String, _ arguments: @Sendable (BrokerHTTPStack) -> [String], expect: String
    )
        async throws
    {
        try await PythonClients.require(module)
        try await withBrokerHTTP { stack in
            try await PythonClients.expectSuccess(["-c", script] + arguments(stack), expect: expect)
        }
    }

    @Test("pynsq Reader finds nsqd through lookupd_http_addresses")
    func pynsqThroughLookupd() async throws {
        try await Self.run(
            Self.pynsqLookupd, module: "nsq",
            { ["127.0.0.1:\($0.lookupPort)", "127.0.0.1:\($0.httpPort)", "30"] }, expect: "received 30 of 30")
    }

    @Test("gnsq NsqdHTTPClient and LookupdClient")
    func gnsqHTTPClients() async throws {
        try await Self.run(
            Self.gnsqHTTP, module: "gnsq", { ["\($0.lookupPort)", "\($0.httpPort)", "\($0.tcpPort)"] },
            expect: "gnsq http ok")
    }

    /// Publishes through nsqd's /pub and /mpub, then a Reader that knows only lookupd consumes everything.
    static let pynsqLookupd = #"""
        """pynsq against Muster's HTTP APIs: messages are published through nsqd's /pub and /mpub, then a
        Reader that knows only lookupd_http_addresses finds nsqd and consumes them all; exits 0 on success."""
        import sys
        import urllib.request

        import nsq
        import tornado.ioloop

        lookupd, nsqd_http, count = sys.argv[1], sys.argv[2], int(sys.argv[3])


        def post(path, body):
            request = urllib.request.Request("http://%s%s" % (nsqd_http, path), data=body, method="POST")
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.read() == b"OK", path


        half = count // 2
        for i in range(half):
            post("/pub?topic=lookup", str(i).encode())
        post("/mpub?topic=lookup", "\n".join(str(i) for i in range(half, count)).encode())

        loop = tornado.ioloop.IOLoop.current()
        received = set()
        result = {"code": 1, "why": "timed out after 20s"}


        def handle(message):
            received.add(message.body.decode())
            if len(received) == count:
                result.update(code=0, why="")
                loop.stop()
            return True


        reader = nsq.Reader(message_handler=handle, lookupd_http_addresses=["http://%s" % lookupd], topic="lookup",
                            channel="pynsq", max_in_flight=20, lookupd_poll_interval=1)
        loop.call_later(20, loop.stop)
        loop.start()
        print("received %d of %d %s" % (len(received), count, result["why"]))
        sys.exit(result["code"])
        """#

    /// gnsq's NsqdHTTPClient and LookupdClient calls.
    static let gnsqHTTP = #"""
        """gnsq's HTTP clients against Muster's nsqd and nsqlookupd HTTP APIs; exits 0 when every call works."""
        import sys

        import gnsq

        lookupd_port, nsqd_http_port, nsqd_tcp_port = (int(a) for a in sys.argv[1:4])
        http = gnsq.NsqdHTTPClient("127.0.0.1", nsqd_http_port)
        assert http.ping() == b"OK", http.ping()
        assert http.publish("ghttp", b"x") == b"OK"
        assert http.multipublish("ghttp", [b"1", b"2"]) == b"OK"
        assert http.multipublish("ghttp", [b"3", b"4\n5"], binary=True) == b"OK"
        stats = http.stats()
        assert [t["topic_name"] for t in stats["topics"]] == ["ghttp"], stats
        assert stats["topics"][0]["message_count"] == 5, stats
        assert http.info()["tcp_port"] == nsqd_tcp_port
        http.create_channel("ghttp", "c")
        http.pause_channel("ghttp", "c")
        http.unpause_channel("ghttp", "c")
        http.empty_channel("ghttp", "c")
        try:
            http.pause_topic("missing")
            raise SystemExit("pausing a missing topic did not fail")
        except gnsq.errors.NSQHttpError:
            pass
        lookupd = gnsq.LookupdClient("127.0.0.1", lookupd_port)
        assert lookupd.ping() == b"OK"
        found = lookupd.lookup("ghttp")
        assert found["producers"][0]["tcp_port"] == nsqd_tcp_port, found
        assert found["channels"] == ["c"], found
        assert "ghttp" in lookupd.topics()["topics"]
        print("gnsq http ok")
        """#
}
