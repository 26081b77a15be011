import Foundation
import MusterTesting
import Testing

@Suite("Output of muster start")
struct OutputTests {
    @Test("Services that run to completion print prefixed lines and muster exits 0")
    func echoServicesRunToCompletion() async throws {
        let fixture = try Fixture(procfile: "alpha: echo hello from alpha\nbeta: echo hello from $PS on $PORT\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start", "--no-timestamps"])
        #expect(result.code == 0)
        #expect(result.output.contains("alpha  | hello from alpha\n"))
        #expect(result.output.contains("beta   | hello from beta.1 on 5100\n"))
        #expect(result.output.contains("muster | alpha exited with code 0\n"))
        #expect(!result.output.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test("Timestamps prefix every line unless --no-timestamps")
    func timestamps() async throws {
        let fixture = try Fixture(procfile: "alpha: echo hi\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start"])
        let line = try #require(result.output.split(separator: "\n").first { $0.hasSuffix("| hi") })
        #expect(line.wholeMatch(of: /\d\d:\d\d:\d\d alpha  \| hi/) != nil, "got \(line)")
    }

    @Test(
        "Colour follows FORCE_COLOR, NO_COLOR and --no-color",
        arguments: [
            (["FORCE_COLOR": "1"], [], true),
            (["FORCE_COLOR": "1"], ["--no-color"], false),
            (["NO_COLOR": "1"], [], false),
            ([:], [], false),
        ] as [([String: String], [String], Bool)])
    func colour(environment: [String: String], flags: [String], coloured: Bool) async throws {
        let fixture = try Fixture(procfile: "alpha: printf 'plain\\n'\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start"] + flags, environment: environment)
        #expect(result.code == 0)
        #expect(result.output.contains("\u{1B}[") == coloured, "output: \(result.output)")
        #expect(result.output.contains("plain"))
    }

    @Test("A child's own colour codes and invalid UTF-8 pass through untouched")
    func passThrough() async throws {
        let fixture = try Fixture(procfile: "alpha: printf 'a\\033[32mgreen\\033[0m \\377\\376 end\\n'\n")
        defer { fixture.directory.remove() }
        let muster = try await fixture.start(["start", "--no-timestamps"])
        defer { muster.terminate() }
        #expect(try await muster.waitForExit() == 0)
        #expect(muster.output.contains("a\u{1B}[32mgreen\u{1B}[0m \u{FFFD}\u{FFFD} end"))
    }

    @Test("Each service's lines also land in .muster/logs/<service>.log")
    func logFiles() async throws {
        let fixture = try Fixture(procfile: "alpha: echo one; echo two\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start"])
        #expect(result.code == 0)
        let log = try fixture.directory.read(".muster/logs/alpha.log")
        #expect(log.contains("alpha | one\n"))
        #expect(log.contains("alpha | two\n"))
    }

    @Test("-m runs several instances with foreman's ports, and naming services starts only those")
    func formationAndSelection() async throws {
        let fixture = try Fixture(procfile: "web: echo \"$PS on $PORT\"\nworker: echo worker ran\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start", "--no-timestamps", "-m", "web=2", "-p", "6000", "web"])
        #expect(result.code == 0)
        #expect(result.output.contains("web.1  | web.1 on 6000"))
        #expect(result.output.contains("web.2  | web.2 on 6001"))
        #expect(!result.output.contains("worker ran"))
    }

    @Test("A value from .env reaches the service, and the shell beats .env")
    func dotEnv() async throws {
        let fixture = try Fixture(
            procfile: "alpha: echo \"$GREETING / $FROM_SHELL\"\n",
            dotEnv: "GREETING=\"hello world\" # a comment\nFROM_SHELL=dotenv\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start", "--no-timestamps"], environment: ["FROM_SHELL": "shell"])
        #expect(result.output.contains("alpha  | hello world / shell"))
    }
}
