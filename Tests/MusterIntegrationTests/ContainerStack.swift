import Foundation
import MusterCore
import MusterTesting
import Testing

/// A temporary project whose `muster.yaml` runs containers, with a project name of its own so
/// its containers are told apart from every other test's.
struct ContainerStack {
    let directory: TemporaryDirectory
    let project: String

    /// Writes `muster.yaml` with top-level `settings` lines, `services` (the YAML under
    /// `services:`, indented by two spaces) and, when given, `.env`.
    ///
    /// With `sharingProjectWith`, the stack lives in a directory of its own but takes `other`'s
    /// project name, as two checkouts of one project do.
    init(
        _ base: String, settings: String = "", services: String, dotEnv: String? = nil,
        sharingProjectWith other: ContainerStack? = nil
    ) throws {
        directory = try TemporaryDirectory()
        project = other?.project ?? TestContainers.uniqueProject(base)
        try directory.write("muster.yaml", "name: \(project)\n\(settings)services:\n\(services)")
        if let dotEnv { try directory.write(".env", dotEnv) }
    }

    /// Starts `muster start` with podman and the test configuration (plus `environment`); without
    /// the embedded broker unless `broker` (one fewer server on a busy test machine).
    func start(environment: [String: String] = [:], broker: Bool = false) async throws -> RunningMuster {
        try await RunningMuster(
            ["start", "--no-timestamps", "--no-color"] + (broker ? [] : ["--no-broker"]), in: directory.path,
            environment: TestContainers.environment.merging(environment) { $1 })
    }

    /// Runs a CLI client command (`restart box`, `down`) against the running stack.
    func client(_ arguments: [String]) async throws -> (code: Int32, output: String) {
        let client = try await RunningMuster(arguments, in: directory.path, environment: TestContainers.environment)
        defer { client.terminate() }
        let code = try await client.waitForExit(timeout: .seconds(60))
        return (code, client.output + client.errorOutput)
    }

    /// The containers of this project, running or not.
    func containers() async throws -> [String] {
        try await TestContainers.containers(ofProject: project)
    }

    /// Creates `name` (and its directories) inside the project with `contents`.
    func write(_ name: String, _ contents: String) throws {
        let path = "\(directory.path)/\(name)"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try directory.write(name, contents)
    }

    /// Stops `muster` with SIGINT (Ctrl-C) and returns its exit code, once every container is gone.
    func interrupt(_ muster: RunningMuster) async throws -> Int32 {
        muster.send(SIGINT)
        return try await muster.waitForExit(timeout: .seconds(60))
    }

    /// Runs `body`, then removes the directory and, should the test have failed half-way, the
    /// project's containers.
    func cleaningUp(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            await remove()
            throw error
        }
        await remove()
    }

    private func remove() async {
        let names = (try? await containers()) ?? []
        if !names.isEmpty { await TestContainers.podman(["rm", "-f", "-t", "0"] + names) }
        // Images that `build:` made for this project (test project names are lower case already).
        let images = await TestContainers.podman(["images", "--format", "{{.Repository}}"]).output
            .split(whereSeparator: \.isNewline).map(String.init)
            .filter { $0.hasPrefix("localhost/muster-\(project)-") || $0.hasPrefix("muster-\(project)-") }
        if !images.isEmpty { await TestContainers.podman(["rmi", "--force"] + images) }
        directory.remove()
    }
}
