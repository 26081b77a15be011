import Foundation
import MusterTesting
import Testing

/// A temporary project directory with a Procfile, and helpers to run muster in it.
struct Fixture {
    let directory: TemporaryDirectory

    init(procfile: String, dotEnv: String? = nil) throws {
        directory = try TemporaryDirectory()
        try directory.write("Procfile", procfile)
        if let dotEnv { try directory.write(".env", dotEnv) }
    }

    /// Starts `muster` with `arguments` in the fixture's directory.
    func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> RunningMuster {
        try await RunningMuster(arguments, in: directory.path, environment: environment)
    }

    /// Runs `muster` to completion and returns its exit code and output.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (
        code: Int32, output: String, errors: String
    ) {
        let muster = try await start(arguments, environment: environment)
        defer { muster.terminate() }
        let code = try await muster.waitForExit()
        return (code, muster.output, muster.errorOutput)
    }
}
