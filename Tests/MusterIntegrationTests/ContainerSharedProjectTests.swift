import Foundation
import MusterCore
import MusterTesting
import Testing

extension PodmanTests {
    /// Two stacks in different directories under one project name (two checkouts of a project):
    /// the containers of one that runs are never taken for leftovers by the other, and those of
    /// one that was killed are.
    @Suite("Containers of stacks sharing a project name")
    struct ContainerSharedProjectTests {
        /// The lifecycle tests' box (which says which run it is) and a steady process.
        static let service = ContainerLifecycleTests.service

        @Test(
            "A second stack leaves the running first one's container alone, and its own service says why it cannot start"
        )
        func runningContainersOfAnotherDirectoryAreLeftAlone() async throws {
            try await TestContainers.prepare()
            let first = try ContainerStack("shared", services: Self.service)
            try await first.cleaningUp {
                let running = try await first.start()
                defer { running.terminate() }
                try await waitUntil("box to run in the first stack", timeout: .seconds(60)) {
                    ContainerLifecycleTests.runs(running).count == 1
                }
                let name = "muster-\(first.project)-box-1"
                let second = try ContainerStack("shared", services: Self.service, sharingProjectWith: first)
                defer { second.directory.remove() }
                let other = try await second.start()
                defer { other.terminate() }
                try await other.waitForOutput(
                    "box could not start: the container name \(name) is taken by the muster running for "
                        + "\(first.directory.path), whose project is also named \(first.project)",
                    timeout: .seconds(60))
                try await other.waitForOutput("steady up")
                #expect(other.output.contains("the muster running for \(first.directory.path) also calls its project"))
                #expect(!other.output.contains("left by an earlier run"), "\(other.output)")
                _ = try await second.interrupt(other)

                #expect(try await first.containers() == [name], "the first stack's container still exists")
                #expect(ContainerLifecycleTests.runs(running).count == 1, "and was never stopped or replaced")
                #expect(!running.output.contains("box exited") && !running.output.contains("box stopped"))
                #expect(try await first.interrupt(running) == 0)
                #expect(try await first.containers().isEmpty)
            }
        }

        @Test("The containers of a killed Muster of another directory are leftovers to remove")
        func containersOfAKilledMusterElsewhereAreRemoved() async throws {
            try await TestContainers.prepare()
            let first = try ContainerStack("shared-killed", services: Self.service)
            try await first.cleaningUp {
                let killed = try await first.start()
                defer { killed.terminate() }
                try await waitUntil("box to run in the first stack", timeout: .seconds(60)) {
                    ContainerLifecycleTests.runs(killed).count == 1
                }
                killed.send(SIGKILL)
                _ = try await killed.waitForExit()
                let name = "muster-\(first.project)-box-1"
                #expect(try await first.containers() == [name], "a container outlives a Muster killed with SIGKILL")

                let second = try ContainerStack("shared-killed", services: Self.service, sharingProjectWith: first)
                defer { second.directory.remove() }
                let next = try await second.start()
                defer { next.terminate() }
                try await waitUntil("box to run in the second stack", timeout: .seconds(60)) {
                    ContainerLifecycleTests.runs(next).count == 1
                }
                #expect(
                    next.output.contains("removed 1 container(s) left by an earlier run: \(name)"), "\(next.output)")
                #expect(try await second.interrupt(next) == 0)
                #expect(try await first.containers().isEmpty)
            }
        }
    }
}
