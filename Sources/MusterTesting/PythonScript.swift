import Foundation
import MusterCore

/// Runs Python for compatibility tests through MusterCore's spawner (whose reaper would steal
/// the exit status of children started any other way).
public enum PythonScript {
    /// Whether the environment asks every optional test to run (`MUSTER_REQUIRE_ALL=1`): a
    /// missing extra is then a failure instead of a skip.
    public static let requiresAll = ProcessInfo.processInfo.environment["MUSTER_REQUIRE_ALL"] == "1"

    /// Runs `interpreter arguments...` (a path, or a name looked up in `PATH`) with `environment`
    /// added to the test's own; standard output and error go to `output`.
    public static func run(
        _ arguments: [String], interpreter: String = "python3", environment: [String: String] = [:],
        output: Int32
    ) async throws -> MusterCore.ExitStatus {
        var merged = ProcessInfo.processInfo.environment
        environment.forEach { merged[$0.key] = $0.value }
        let path =
            interpreter.contains("/")
            ? interpreter : try ServiceCommand.exec([interpreter]).executablePath(environment: merged)
        let child = try await ChildProcess.spawn(
            SpawnRequest(
                executablePath: path, arguments: [interpreter] + arguments, environment: merged,
                workingDirectory: nil, standardInput: nullInput, output: output))
        return await child.exitStatus()
    }

    /// Runs like ``run(_:interpreter:environment:output:)`` and returns the status with everything printed.
    public static func runCapturingOutput(
        _ arguments: [String], interpreter: String = "python3", environment: [String: String] = [:]
    ) async throws -> (status: MusterCore.ExitStatus, output: String) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = open("\(directory.path)/output.txt", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        let status = try await run(arguments, interpreter: interpreter, environment: environment, output: file)
        close(file)
        return (status, (try? directory.read("output.txt")) ?? "")
    }

    /// Why `module` cannot be used with `interpreter`, or nil when `import module` works.
    public static func missingModule(_ module: String, interpreter: String = "python3") async -> String? {
        guard interpreter == "python3" || FileManager.default.isExecutableFile(atPath: interpreter) else {
            return "\(interpreter) does not exist"
        }
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(devNull) }
        let status = try? await run(["-c", "import \(module)"], interpreter: interpreter, output: devNull)
        return status?.isSuccess == true ? nil : "the Python module \(module) is not importable by \(interpreter)"
    }
}
