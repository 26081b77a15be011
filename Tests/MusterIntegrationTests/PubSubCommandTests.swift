import Foundation
import MusterTesting
import Testing

/// `muster pub` and `muster sub` against the broker of a running stack.
@Suite("muster pub and sub")
struct PubSubCommandTests {
    /// A running stack whose one service publishes `hello` to topic `t` over the broker's HTTP API.
    private static func startStackPublishingHello(in directory: TemporaryDirectory) async throws -> RunningMuster {
        try directory.write(
            "Procfile",
            """
            publisher: python3 -c "import os, urllib.request; urllib.request.urlopen('http://%s/pub?topic=t' % os.environ['NSQD_HTTP_ADDRESS'], data=b'hello'); print('published', flush=True); import time; time.sleep(1000)"

            """)
        let muster = try await RunningMuster(["start", "--no-timestamps"], in: directory.path)
        try await muster.waitForOutput("published", timeout: .seconds(30))
        return muster
    }

    @Test("A message published over HTTP before anyone subscribed is printed by muster sub")
    func subPrintsWhatWasPublishedBefore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stack = try await Self.startStackPublishingHello(in: directory)
        defer { stack.terminate() }
        let sub = try await RunningMuster(["sub", "t", "-n", "1"], in: directory.path)
        defer { sub.terminate() }
        #expect(try await sub.waitForExit(timeout: .seconds(30)) == 0, "\(sub.errorOutput)")
        #expect(sub.output == "hello\n")
        #expect(sub.errorOutput.contains("#ephemeral"), "\(sub.errorOutput)")
    }

    @Test("muster pub publishes each line of standard input, and muster sub receives every one")
    func pubFromStandardInput() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stack = try await Self.startStackPublishingHello(in: directory)
        defer { stack.terminate() }
        let lines = (1...750).map { "reading \($0)" }
        try directory.write("input.txt", lines.joined(separator: "\n") + "\n\n")
        let pub = try await RunningMuster(
            ["pub", "numbers"], in: directory.path, standardInputPath: directory.path + "/input.txt")
        defer { pub.terminate() }
        #expect(try await pub.waitForExit(timeout: .seconds(30)) == 0, "\(pub.errorOutput)")
        #expect(pub.errorOutput.contains("published 750 messages to numbers"), "\(pub.errorOutput)")
        let single = try await RunningMuster(["pub", "numbers", "reading 751"], in: directory.path)
        #expect(try await single.waitForExit(timeout: .seconds(30)) == 0, "\(single.errorOutput)")

        let sub = try await RunningMuster(["sub", "numbers", "--channel", "audit", "-n", "751"], in: directory.path)
        defer { sub.terminate() }
        #expect(try await sub.waitForExit(timeout: .seconds(30)) == 0, "\(sub.errorOutput)")
        let received = sub.output.split(separator: "\n").map(String.init)
        #expect(received.sorted() == (lines + ["reading 751"]).sorted())
    }

    @Test("muster run next to a running stack gets its broker's address, as muster pub finds it")
    func runGetsTheRunningBroker() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stack = try await Self.startStackPublishingHello(in: directory)
        defer { stack.terminate() }
        let run = try await RunningMuster(
            ["run", "--", "sh", "-c", "echo \"nsqd=$NSQD_TCP_ADDRESS api=$MUSTER_API\""], in: directory.path)
        #expect(try await run.waitForExit(timeout: .seconds(30)) == 0, "\(run.errorOutput)")
        #expect(run.output.hasPrefix("nsqd=127.0.0.1:"), "\(run.output)")
        #expect(run.output.contains("api=http://127.0.0.1:"), "\(run.output)")
        let address = run.output.split(separator: " ")[0].dropFirst("nsqd=".count)
        let pub = try await RunningMuster(["pub", "t", "again"], in: directory.path)
        #expect(try await pub.waitForExit(timeout: .seconds(30)) == 0, "\(pub.errorOutput)")
        #expect(pub.errorOutput.contains("at \(address)"), "\(pub.errorOutput)")
    }

    @Test("A client sending garbage to the stack's broker gets an error frame, and the stack keeps serving")
    func garbageGetsAnErrorFrame() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stack = try await Self.startStackPublishingHello(in: directory)
        defer { stack.terminate() }
        try directory.write(
            "garbage.py",
            """
            import os, socket, struct
            host, port = os.environ["NSQD_TCP_ADDRESS"].split(":")
            s = socket.create_connection((host, int(port)), timeout=10)
            s.sendall(b"  V2\\xff\\x00\\x13garbage that is no command\\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            size, kind = struct.unpack(">ii", data[:8])
            print("frame type", kind, data[8:4 + size].decode(errors="replace"))
            """)
        let garbage = try await RunningMuster(["run", "--", "python3", "garbage.py"], in: directory.path)
        #expect(try await garbage.waitForExit(timeout: .seconds(30)) == 0, "\(garbage.errorOutput)")
        #expect(garbage.output.hasPrefix("frame type 1 E_INVALID"), "\(garbage.output)")
        let sub = try await RunningMuster(["sub", "t", "-n", "1"], in: directory.path)
        defer { sub.terminate() }
        #expect(try await sub.waitForExit(timeout: .seconds(30)) == 0, "\(sub.errorOutput)")
        #expect(sub.output == "hello\n")
    }

    @Test("Without a broker, and with a bad topic name, pub and sub say what to do and exit 1")
    func errors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let unreachable = try await RunningMuster(
            ["pub", "t", "x", "--nsqd-tcp-address", "127.0.0.1:1"], in: directory.path)
        #expect(try await unreachable.waitForExit() == 1)
        #expect(
            unreachable.errorOutput.contains("could not connect to the broker at 127.0.0.1:1"),
            "\(unreachable.errorOutput)")
        let badTopic = try await RunningMuster(["sub", "no spaces"], in: directory.path)
        #expect(try await badTopic.waitForExit() == 1)
        #expect(badTopic.errorOutput.contains("is not a valid topic name"), "\(badTopic.errorOutput)")
    }
}
