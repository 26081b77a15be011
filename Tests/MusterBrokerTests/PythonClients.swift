import Foundation
import MusterCore
import MusterTesting
import Testing

/// Runs the Python scripts that drive real NSQ client libraries from PyPI (Tests/requirements.txt).
enum PythonClients {
    static let requireAll = ProcessInfo.processInfo.environment["MUSTER_REQUIRE_ALL"] == "1"

    static let nullOutput: Int32 = open("/dev/null", O_WRONLY | O_CLOEXEC)

    /// Why `python3 -c "import <module>"` fails, or nil when it works.
    static func missing(_ module: String) async throws -> String? {
        let status = try await runPython(["-c", "import \(module)"], output: nullOutput)
        return status.isSuccess
            ? nil : "the Python module \(module) is not installed (pip install -r Tests/requirements.txt)"
    }

    static func runPython(_ arguments: [String], output: Int32) async throws -> MusterCore.ExitStatus {
        let child = try await ChildProcess.spawn(
            SpawnRequest(
                executablePath: try ServiceCommand.exec(["python3"]).executablePath(
                    environment: ProcessInfo.processInfo.environment),
                arguments: ["python3"] + arguments, environment: ProcessInfo.processInfo.environment,
                workingDirectory: nil, standardInput: nullInput, output: output))
        return await child.exitStatus()
    }

    /// The path of a script in Tests/MusterBrokerTests/Python.
    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/\(name)").path
    }

    /// Skips the running test (with the reason) when `module` cannot be imported; under
    /// MUSTER_REQUIRE_ALL=1 the test fails instead.
    static func require(_ module: String) async throws {
        guard let reason = try await missing(module) else { return }
        if requireAll { throw MissingModule(description: "MUSTER_REQUIRE_ALL=1 but \(reason)") }
        Issue.record("Skipped: \(reason)", severity: .warning)
        try Test.cancel("Skipped: \(reason)")
    }

    struct MissingModule: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `python3 arguments`, capturing standard output and error, and expects exit 0 and `expect`
    /// in the output, which is shown when either is missing.
    static func expectSuccess(_ arguments: [String], expect: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = open("\(directory.path)/out.txt", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        defer { close(log) }
        let status = try await runPython(arguments, output: log)
        let output = (try? directory.read("out.txt")) ?? ""
        #expect(status == .exited(code: 0), "the Python script ended with \(status):\n\(output)")
        if status == .exited(code: 0) {
            #expect(output.contains(expect), "expected \"\(expect)\" in: \(output)")
        }
    }
}
