import Foundation
import MusterTesting
import Testing

@Suite("check, run, version and configuration errors")
struct CommandTests {
    @Test("A broken Procfile starts nothing and names the line")
    func brokenProcfile() async throws {
        let fixture = try Fixture(procfile: "web: echo started-web\nthis line is wrong\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start"])
        #expect(result.code == 1)
        #expect(result.errors.hasPrefix("muster: Procfile:2: "), "got: \(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1)
        #expect(!result.output.contains("started-web"))
    }

    @Test("A broken .env starts nothing and names the file and line")
    func brokenDotEnv() async throws {
        let fixture = try Fixture(procfile: "web: echo started-web\n", dotEnv: "GOOD=1\nBAD KEY=2\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start"])
        #expect(result.code == 1)
        #expect(result.errors.hasPrefix("muster: .env:2: "), "got: \(result.errors)")
        #expect(!result.output.contains("started-web"))
    }

    @Test("A missing -e file is an error")
    func missingEnvFile() async throws {
        let fixture = try Fixture(procfile: "web: echo hi\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["start", "-e", "nope.env"])
        #expect(result.code == 1)
        #expect(result.errors.contains("nope.env"))
    }

    @Test("check lists the services, or fails with the error")
    func check() async throws {
        let fixture = try Fixture(procfile: "web: ./web\nworker: ./worker\n")
        defer { fixture.directory.remove() }
        let valid = try await fixture.run(["check"])
        #expect(valid.code == 0)
        #expect(valid.output == "valid: web, worker\n")
        try fixture.directory.write("Procfile", "web: ./web\nweb: ./other\n")
        let invalid = try await fixture.run(["check"])
        #expect(invalid.code == 1)
        #expect(invalid.errors.contains("Procfile:2:"))
    }

    @Test("run passes the exit code through and sees .env")
    func runOneOff() async throws {
        let fixture = try Fixture(procfile: "web: ./web\n", dotEnv: "GREETING=hi there\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["run", "--", "sh", "-c", "echo \"$GREETING\"; exit 5"])
        #expect(result.code == 5)
        #expect(result.output == "hi there\n")
    }

    @Test("run with a service gets its PORT and PS")
    func runWithService() async throws {
        let fixture = try Fixture(procfile: "web: ./web\nworker: ./worker\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["run", "worker", "--", "sh", "-c", "echo $PS $PORT $WEB_URL"])
        #expect(result.code == 0)
        #expect(result.output == "worker.1 5100 http://127.0.0.1:5000\n")
    }

    @Test("version prints the version")
    func version() async throws {
        let fixture = try Fixture(procfile: "web: ./web\n")
        defer { fixture.directory.remove() }
        let result = try await fixture.run(["version"])
        #expect(result.code == 0)
        #expect(result.output.hasPrefix("muster "))
    }

    @Test("No Procfile at all is one clear error")
    func noStackFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let muster = try await RunningMuster(["start"], in: directory.path)
        #expect(try await muster.waitForExit() == 1)
        #expect(muster.errorOutput.contains("there is no muster.yaml or Procfile in"))
    }
}
