import Foundation
import MusterTesting
import Testing

extension PodmanTests {
    /// Stage 4 of the example runs its sensor in a container, so it runs with the other podman tests.
    @Suite("Example: sensor, worker, app with containers")
    struct ExampleContainerStageTests {
        @Test("Stage 4, containers: a busybox sensor feeds the process workers, and stopping one loses none")
        func containers() async throws {
            try await TestContainers.prepare()
            let example = try ExampleCopy()
            defer { example.remove() }
            // Containers are named after the project: a name of its own keeps parallel runs apart.
            try example.replace(
                "name: sensor-worker-app", with: "name: example-\(UUID().uuidString.prefix(8).lowercased())",
                in: "04-containers/muster.yaml")
            var environment = TestContainers.environment
            environment.merge(["SENSOR_IMAGE": TestContainers.image, "SENSOR_INTERVAL": "0.4", "WORK_SECONDS": "0.6"]) {
                $1
            }
            try await example.expectCheckPasses(
                stack: "04-containers/muster.yaml", checker: "check_messaging.py", environment: environment)
        }
    }
}
