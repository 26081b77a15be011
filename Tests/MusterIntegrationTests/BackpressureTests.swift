import Foundation
import MusterCore
import MusterTesting
import Testing

@Suite("Output under load")
struct BackpressureTests {
    /// Muster's resident memory in KiB, from the kernel.
    static func residentKiB(of pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test("A flooding child is slowed down by backpressure: memory stays bounded and the others keep printing")
    func floodingChild() async throws {
        let fixture = try Fixture(
            procfile: """
                flood: yes 'flood flood flood flood flood flood flood flood flood flood'
                ticker: i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.02; done
                """)
        defer { fixture.directory.remove() }
        let muster = try await RunningMuster(
            ["start", "--no-timestamps"], in: fixture.directory.path, keepingLinesContaining: "tick")
        defer { muster.terminate() }
        var peak = 0
        for count in stride(from: 10, through: 50, by: 10) {
            try await muster.waitForOutput("| tick \(count)\n", timeout: .seconds(20))
            peak = max(peak, Self.residentKiB(of: muster.pid))
        }
        #expect(peak > 0 && peak < 96 * 1024, "muster's RSS peaked at \(peak) KiB while a child flooded it")
        let ticks = muster.lines.filter { $0.contains("| tick ") }
        let torn = ticks.filter { !$0.hasPrefix("ticker | tick ") }
        #expect(torn.isEmpty, "torn lines: \(torn.prefix(5))")
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    @Test("A prompt without a newline appears after a short delay")
    func partialLine() async throws {
        let fixture = try Fixture(procfile: "asker: printf 'Your name? '; sleep 1000\n")
        defer { fixture.directory.remove() }
        let muster = try await fixture.start(["start", "--no-timestamps"])
        defer { muster.terminate() }
        try await muster.waitForOutput("asker  | Your name? ")
        muster.send(SIGINT)
        #expect(try await muster.waitForExit() == 0)
    }

    @Test("Output still flows when muster's standard output is closed early (muster start | head)")
    func closedOutput() async throws {
        let fixture = try Fixture(procfile: "talker: for i in $(seq 100000); do echo line $i; done; echo done\n")
        defer { fixture.directory.remove() }
        let output = Pipe()
        let shell = try await ChildProcess.spawn(
            SpawnRequest(
                executablePath: "/bin/sh",
                arguments: [
                    "/bin/sh", "-c", "{ '\(MusterBinary.path)' start --no-timestamps; echo $? > code; } | head -n 3",
                ],
                environment: ProcessInfo.processInfo.environment, workingDirectory: fixture.directory.path,
                standardInput: nullInput, output: output.fileHandleForWriting.fileDescriptor))
        try output.fileHandleForWriting.close()
        let text = await Self.readToEnd(output.fileHandleForReading)
        #expect(await shell.exitStatus() == .exited(code: 0))
        #expect(text.split(separator: "\n").count == 3)
        try await waitUntil("muster's exit code") { (try? fixture.directory.read("code")) != nil }
        #expect(try fixture.directory.read("code") == "0\n", "muster must not die of SIGPIPE")
    }

    /// Everything `handle` yields until end of file, read on a Dispatch thread so that the
    /// blocking read never holds one of the few threads of Swift's cooperative pool.
    static func readToEnd(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: String(decoding: handle.readDataToEndOfFile(), as: UTF8.self))
            }
        }
    }
}
