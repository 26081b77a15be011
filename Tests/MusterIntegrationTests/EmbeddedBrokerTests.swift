import Foundation
import MusterTesting
import Testing

/// The broker `muster start` runs for its services.
@Suite("Embedded broker")
struct EmbeddedBrokerTests {
    static let pynsqScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("MusterBrokerTests/Python/pynsq_roundtrip.py").path

    @Test("Services reach the embedded broker through NSQD_TCP_ADDRESS with a real client (pynsq)")
    func pynsqThroughTheStack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "muster.yaml",
            """
            services:
              roundtrip:
                command: [python3, "\(Self.pynsqScript)", "$NSQD_TCP_ADDRESS", "25"]
                oneshot: true
            """)
        let probe = try await RunningMuster(["run", "--", "python3", "-c", "import nsq"], in: directory.path)
        if try await probe.waitForExit() != 0 {
            if ProcessInfo.processInfo.environment["MUSTER_REQUIRE_ALL"] == "1" {
                Issue.record("MUSTER_REQUIRE_ALL=1 but pynsq is not installed (pip install -r Tests/requirements.txt)")
            }
            return
        }
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit(timeout: .seconds(60)) == 0, "\(muster.output)")
        #expect(
            muster.output.contains("broker (NSQ) on 127.0.0.1:")
                || muster.output.contains("so the broker (NSQ) uses another"))
        #expect(muster.output.contains("received 25 of 25"), "\(muster.output)")
        #expect(muster.output.contains("roundtrip completed successfully"))
    }

    @Test("--no-broker runs none and injects no address")
    func noBroker() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Procfile", "show: echo \"nsqd=${NSQD_TCP_ADDRESS:-none}\"\n")
        let muster = try await RunningMuster(["start", "--no-timestamps", "--no-broker"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit() == 0)
        #expect(muster.output.contains("nsqd=none"))
        #expect(!muster.output.contains("broker (NSQ)"))
    }

    @Test("Services get the broker's HTTP API and lookupd addresses, and they answer")
    func httpAndLookupAddresses() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "client.py",
            """
            import os, urllib.request
            http, lookupd = os.environ["NSQD_HTTP_ADDRESS"], os.environ["NSQLOOKUPD_HTTP_ADDRESS"]
            reply = urllib.request.urlopen("http://%s/pub?topic=orders" % http, data=b"hello").read().decode()
            lookup = urllib.request.urlopen("http://%s/lookup?topic=orders" % lookupd).read().decode()
            print("pub:", reply, "lookup has producers:", '"producers"' in lookup, flush=True)
            """)
        try directory.write("Procfile", "client: python3 client.py\n")
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        defer { muster.terminate() }
        #expect(try await muster.waitForExit(timeout: .seconds(30)) == 0, "\(muster.output)")
        #expect(muster.output.contains("pub: OK lookup has producers: True"), "\(muster.output)")
    }

    @Test("muster broker runs the broker alone and prints where it listens")
    func brokerAlone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let muster = try await RunningMuster(
            ["broker", "--tcp-port", "0", "--http-port", "0", "--lookupd-port", "0"], in: directory.path)
        defer { muster.terminate() }
        try await muster.waitForOutput("the broker is running")
        let line = try #require(muster.lines.first { $0.contains("NSQD_HTTP_ADDRESS=127.0.0.1:") })
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        let reply = try RawHTTP.get(port: port, host: "127.0.0.1:\(port)", path: "/ping")
        #expect(reply.hasPrefix("HTTP/1.1 200"), "\(reply)")
        #expect(reply.hasSuffix("OK"), "\(reply)")
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
    }
}
