import Foundation
import MusterCore
import MusterTesting
import Testing

extension PodmanTests {
    /// `muster restart` and `down` of container services, leftovers of a killed Muster, and the
    /// errors that fail one container service while the rest of the stack keeps running.
    @Suite("Container lifecycle")
    struct ContainerLifecycleTests {
        static let image = TestContainers.image
        /// A container that says which run it is and stops at once on SIGTERM.
        static let service = """
              box:
                image: \(image)
                command: [sh, -c, 'trap "exit 0" TERM; echo "box run $(cat /proc/sys/kernel/random/uuid)"; while true; do sleep 0.2; done']
              steady:
                command: sh -c 'echo steady up; exec sleep 600'
            """

        /// The run identifiers a box printed so far.
        static func runs(_ muster: RunningMuster) -> [String] {
            muster.lines.filter { $0.hasPrefix("box    | box run ") }.map {
                String($0.dropFirst("box    | box run ".count))
            }
        }

        @Test("muster restart runs the container again under the same name, and muster down leaves none")
        func restartAndDown() async throws {
            try await TestContainers.prepare()
            let stack = try ContainerStack("restart", services: Self.service)
            try await stack.cleaningUp {
                let muster = try await stack.start()
                defer { muster.terminate() }
                try await waitUntil("the first run of box", timeout: .seconds(60)) { Self.runs(muster).count == 1 }
                try await muster.waitForOutput("steady up")

                let restart = try await stack.client(["restart", "box"])
                #expect(restart.code == 0, "\(restart.output)")
                try await waitUntil("a second run of box; got:\n\(muster.output)", timeout: .seconds(60)) {
                    Self.runs(muster).count == 2
                }
                #expect(Set(Self.runs(muster)).count == 2, "a new container, not the old one")
                #expect(muster.output.contains("box stopped"))
                #expect(try await stack.containers() == ["muster-\(stack.project)-box-1"])

                let down = try await stack.client(["down"])
                #expect(down.code == 0, "\(down.output)")
                #expect(try await muster.waitForExit(timeout: .seconds(60)) == 0, "\(muster.output)")
                #expect(try await stack.containers().isEmpty, "muster down leaves no container behind")
            }
        }

        @Test("init: true stops a shell that ignores SIGTERM as PID 1 at once: muster down exits 0, nothing killed")
        func initForwardsTheStopSignal() async throws {
            try await TestContainers.prepare()
            // Without `init:`, sh is PID 1, the kernel drops SIGTERM for it, and the stop waits out
            // the 20 s grace period and kills it (exit code 1).
            let services = """
                  loop:
                    image: \(Self.image)
                    init: true
                    stop_grace_period: 20s
                    command: [sh, -c, 'echo loop up; while true; do sleep 0.2; done']
                """
            let stack = try ContainerStack("init", services: services)
            try await stack.cleaningUp {
                let muster = try await stack.start()
                defer { muster.terminate() }
                try await muster.waitForOutput("loop up", timeout: .seconds(60))
                let started = ContinuousClock.now
                let down = try await stack.client(["down"])
                #expect(down.code == 0, "\(down.output)")
                #expect(try await muster.waitForExit(timeout: .seconds(60)) == 0, "\(muster.output)")
                #expect(!muster.output.contains("killed"), "\(muster.output)")
                #expect(ContinuousClock.now - started < .seconds(15), "stopped at once, not after the grace period")
            }
        }

        @Test("The containers of a Muster killed with SIGKILL are removed at the next start")
        func leftoversOfAKilledMuster() async throws {
            try await TestContainers.prepare()
            let stack = try ContainerStack("killed", services: Self.service)
            try await stack.cleaningUp {
                let killed = try await stack.start()
                defer { killed.terminate() }
                try await waitUntil("box to run", timeout: .seconds(60)) { Self.runs(killed).count == 1 }
                killed.send(SIGKILL)
                _ = try await killed.waitForExit()
                let name = "muster-\(stack.project)-box-1"
                #expect(try await stack.containers() == [name], "a container outlives a Muster killed with SIGKILL")

                let next = try await stack.start()
                defer { next.terminate() }
                try await waitUntil("box to run again", timeout: .seconds(60)) { Self.runs(next).count == 1 }
                #expect(
                    next.output.contains("removed 1 container(s) left by an earlier run: \(name)"), "\(next.output)")
                #expect(Self.runs(next) != Self.runs(killed))
                #expect(try await stack.containers() == [name])
                #expect(try await stack.interrupt(next) == 0)
                #expect(try await stack.containers().isEmpty)
            }
        }

        @Test("While an image builds, the control API answers and muster down stops the build at once")
        func downDuringABuild() async throws {
            try await TestContainers.prepare()
            let stack = try ContainerStack(
                "building",
                services: """
                      slow:
                        build: ./slow
                      steady:
                        command: sh -c 'echo steady up; exec sleep 600'
                    """)
            try await stack.cleaningUp {
                try stack.write("slow/Dockerfile", "FROM \(Self.image)\nRUN echo slow build started; sleep 120\n")
                let muster = try await stack.start()
                defer { muster.terminate() }
                try await muster.waitForOutput("slow   | slow build started", timeout: .seconds(60))
                let status = try await stack.client(["status"])
                #expect(status.output.contains("slow     starting"), "\(status.output)")
                let started = ContinuousClock.now
                #expect(try await stack.client(["down"]).code == 0)
                #expect(try await muster.waitForExit(timeout: .seconds(60)) == 0, "\(muster.output)")
                #expect(ContinuousClock.now - started < .seconds(60), "the build was stopped, not waited for")
                #expect(!muster.output.contains("slow could not start"), "a stopped build is no failure")
                // podman keeps the working container of a build it was stopped in; it is podman's, not the stack's.
                let working = await TestContainers.podman([
                    "ps", "--all", "--external", "--format", "{{.Names}}", "--filter",
                    "name=muster-test-busybox-working",
                ])
                let names = working.output.split(whereSeparator: \.isNewline).map(String.init)
                if !names.isEmpty { await TestContainers.podman(["rm", "--force"] + names) }
            }
        }

        @Test("A missing image or a failing build fails only that service, in one sentence; a good build runs")
        func imageErrors() async throws {
            try await TestContainers.prepare()
            let stack = try ContainerStack(
                "errors",
                services: """
                      ghost:
                        image: localhost:1/muster-missing-image:1
                      broken:
                        build: ./broken
                      built:
                        build: {context: ./good, dockerfile: Containerfile.test}
                      steady:
                        command: sh -c 'echo steady up; exec sleep 600'
                    """)
            try await stack.cleaningUp {
                try stack.write("broken/Dockerfile", "FROM \(Self.image)\nRUN echo building-broken && exit 7\n")
                try stack.write(
                    "good/Containerfile.test",
                    "FROM \(Self.image)\nRUN echo built by muster > /built.txt\nCMD [\"cat\", \"/built.txt\"]\n")
                let muster = try await stack.start()
                defer { muster.terminate() }
                try await muster.waitForOutput("ghost could not start", timeout: .seconds(90))
                try await muster.waitForOutput("broken could not start", timeout: .seconds(90))
                try await muster.waitForOutput("built  | built by muster", timeout: .seconds(90))
                let output = muster.output
                #expect(
                    output.contains(
                        "ghost could not start: the image localhost:1/muster-missing-image:1 is not on this machine and could not be pulled ("
                    ), "\(output)")
                #expect(output.contains("check its name, build it with `build:`, or log in to its registry"))
                #expect(output.contains("broken | building-broken"), "the build output is in the log stream")
                #expect(
                    output.contains(
                        "broken could not start: building the image muster-\(stack.project)-broken exited with code"),
                    "\(output)")
                #expect(output.contains("fix the Dockerfile or the build context, then start the service again"))
                #expect(output.contains("steady up"))
                #expect(!output.contains("steady exited"), "the rest of the stack keeps running")
                #expect(try await stack.interrupt(muster) == 0)
                #expect(try await stack.containers().isEmpty)
            }
        }
    }
}

/// Without a working container runtime, a container service fails with one sentence and the rest runs.
@Suite("Container runtime missing")
struct ContainerRuntimeMissingTests {
    static let cases: [(environment: String, settings: String, error: String)] = [
        (
            "", "",
            "box could not start: no container runtime answers (docker is not installed (not on PATH); "
                + "podman is not installed (not on PATH)); install podman or docker and check that `podman info` "
                + "or `docker info` works, or choose one with MUSTER_CONTAINER_RUNTIME"
        ),
        (
            "podman", "container_runtime: docker\n",
            "box could not start: MUSTER_CONTAINER_RUNTIME chooses podman, but podman is not installed (not on "
                + "PATH); install or start podman, or choose the other runtime with MUSTER_CONTAINER_RUNTIME"
        ),
        (
            "", "container_runtime: docker\n",
            "box could not start: container_runtime in muster.yaml chooses docker, but docker is not installed "
                + "(not on PATH); install or start docker, or choose the other runtime with MUSTER_CONTAINER_RUNTIME"
        ),
    ]

    @Test(
        "No runtime on PATH: the container service says what to do, the process keeps running",
        arguments: cases.indices)
    func noRuntime(index: Int) async throws {
        let (chosen, settings, error) = Self.cases[index]
        let empty = try TemporaryDirectory()
        defer { empty.remove() }
        let stack = try ContainerStack(
            "noruntime", settings: settings,
            services: """
                  box:
                    image: \(TestContainers.image)
                  steady:
                    command: [/bin/sh, -c, 'echo steady up; while true; do /bin/sleep 1; done']
                """)
        try await stack.cleaningUp {
            let muster = try await RunningMuster(
                ["start", "--no-timestamps", "--no-color", "--no-broker"], in: stack.directory.path,
                environment: ["PATH": empty.path, "MUSTER_CONTAINER_RUNTIME": chosen])
            defer { muster.terminate() }
            try await muster.waitForOutput("box could not start", timeout: .seconds(30))
            try await muster.waitForOutput("steady up")
            #expect(muster.output.contains(error), "\(muster.output)")
            muster.send(SIGINT)
            #expect(try await muster.waitForExit(timeout: .seconds(30)) == 0, "\(muster.output)")
            #expect(!muster.output.contains("steady exited"))
        }
    }
}
