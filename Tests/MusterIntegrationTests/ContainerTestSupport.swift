import Foundation
import MusterCore
import MusterTesting
import Testing

/// The tests that run real podman, one at a time (each starts Muster and several podman processes;
/// run all at once on two cores they would starve the timing-sensitive tests running beside them).
@Suite(
    "Containers with podman", .serialized,
    .enabled("needs podman with runc and busybox-static (installed by .ci/run)") { await TestContainers.enabled() })
enum PodmanTests {}

/// What the container tests share: podman with the test-only configuration of Tests/Containers,
/// the tiny busybox image imported from busybox-static, and a look at what containers exist.
enum TestContainers {
    /// The image every container test runs, imported by Tests/Containers/make-test-image.sh.
    static let image = "localhost/muster-test-busybox:1"
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Containers")
    /// The test-only containers.conf (runc, no default ulimits), selected with CONTAINERS_CONF.
    static let configuration = fixtures.appendingPathComponent("containers.conf").path
    static let requireAll = ProcessInfo.processInfo.environment["MUSTER_REQUIRE_ALL"] == "1"

    /// The environment of a `muster` that runs containers with podman.
    static var environment: [String: String] {
        ["CONTAINERS_CONF": configuration, "MUSTER_CONTAINER_RUNTIME": "podman"]
    }

    /// Whether the suites that need podman run: with podman working, or under MUSTER_REQUIRE_ALL=1,
    /// where they run and fail with `prepare()`'s reason instead of being skipped.
    static func enabled() async -> Bool {
        if requireAll { return true }
        return await preparation.value == nil
    }

    /// Makes sure podman works and the image exists; throws the reason when not.
    static func prepare() async throws {
        if let reason = await preparation.value {
            throw Unavailable(reason: reason)
        }
    }

    /// Nil when podman answers and the test image is there, else why not (done once per test run).
    private static let preparation = Task<String?, Never> {
        var environment = ProcessInfo.processInfo.environment
        environment["CONTAINERS_CONF"] = configuration
        guard let podman = findPodman(environment) else {
            return "podman is not installed (apt-get install podman runc busybox-static, as .ci/run does)"
        }
        let info = await CapturedCommand.run([podman, "info"], environment: environment)
        guard info.succeeded else { return "`podman info` failed: \(info.lastLine)" }
        let script = fixtures.appendingPathComponent("make-test-image.sh").path
        let made = await CapturedCommand.run(
            ["/bin/sh", script, podman, image], environment: environment, timeout: .seconds(120))
        guard made.succeeded else { return "the test image could not be imported: \(made.lastLine)" }
        return nil
    }

    private static func findPodman(_ environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/podman" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs podman with the test configuration.
    @discardableResult
    static func podman(_ arguments: [String]) async -> CapturedCommand {
        var environment = ProcessInfo.processInfo.environment
        environment["CONTAINERS_CONF"] = configuration
        return await CapturedCommand.run(
            [findPodman(environment) ?? "/usr/bin/podman"] + arguments, environment: environment)
    }

    /// The names of every container, running or not, labelled with `project`.
    static func containers(ofProject project: String) async throws -> [String] {
        let listed = await podman([
            "ps", "--all", "--filter", "label=io.muster.project=\(project)", "--format", "{{.Names}}",
        ])
        guard listed.succeeded else { throw Unavailable(reason: "`podman ps` failed: \(listed.lastLine)") }
        return listed.output.split(whereSeparator: \.isNewline).map(String.init)
    }

    /// A project name no other test (or helper on this machine) uses.
    static func uniqueProject(_ base: String) -> String {
        "\(base)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Why the container tests cannot run here.
    struct Unavailable: Error, CustomStringConvertible {
        var reason: String
        var description: String { "container tests need a working podman: \(reason)" }
    }
}
