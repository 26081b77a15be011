import Foundation
import MusterCore
import MusterTesting
import Testing

extension PodmanTests {
    /// Container services run by real podman (design §7): output, environment, dependencies in both
    /// directions, restarts, and no container left behind.
    @Suite("Container services")
    struct ContainerTests {
        static let image = TestContainers.image

        @Test(
            "A container prints through the log stream with the stack's environment, a volume and working_dir; Ctrl-C leaves no container"
        )
        func printsThroughTheLogStream() async throws {
            try await TestContainers.prepare()
            let stack = try ContainerStack(
                "logs",
                services: """
                      box:
                        image: \(Self.image)
                        command: sh -c 'trap "echo box stopping; exit 0" TERM; cat greeting; echo "service=$MUSTER_SERVICE port=$PORT custom=$CUSTOM dotenv=$FROM_DOTENV shell=${SHELL_ONLY:-absent} pwd=$(pwd)"; touch /tmp/started; while true; do sleep 1; done'
                        port: auto
                        working_dir: /data
                        volumes: ["./data:/data:ro"]
                        environment: {CUSTOM: from-the-stack-file}
                        healthcheck: {exec: "test -f /tmp/started", interval: 1s, timeout: 10s}
                    """, dotEnv: "FROM_DOTENV=yes\n")
            try await stack.cleaningUp {
                try stack.write("data/greeting", "hello from a mounted file\n")
                // No MUSTER_CONTAINER_RUNTIME: Muster picks the first runtime that answers, and a docker
                // client without a daemon does not.
                let muster = try await RunningMuster(
                    ["start", "--no-timestamps", "--no-color", "--no-broker"], in: stack.directory.path,
                    environment: [
                        "CONTAINERS_CONF": TestContainers.configuration, "MUSTER_CONTAINER_RUNTIME": "",
                        "SHELL_ONLY": "leaked",
                        "DOCKER_HOST": "unix:///nonexistent/muster-test-docker.sock",
                    ])
                defer { muster.terminate() }
                try await muster.waitForOutput("box ready", timeout: .seconds(60))
                #expect(muster.output.contains("containers run with podman"))
                #expect(muster.output.contains("box    | hello from a mounted file"), "\(muster.output)")
                let line = try #require(muster.lines.first { $0.contains("service=box") })
                #expect(line.hasPrefix("box    | service=box port="))
                #expect(line.contains("custom=from-the-stack-file dotenv=yes shell=absent pwd=/data"), "\(line)")
                #expect(try await stack.containers() == ["muster-\(stack.project)-box-1"])

                #expect(try await stack.interrupt(muster) == 0, "\(muster.output)")
                #expect(muster.output.contains("box    | box stopping"))
                #expect(muster.output.contains("box stopped"))
                #expect(try await stack.containers().isEmpty, "Ctrl-C leaves no container behind")
            }
        }

        @Test("A process waits for a container's health, and a container for a process's")
        func dependenciesInBothDirections() async throws {
            try await TestContainers.prepare()
            let stack = try ContainerStack(
                "deps",
                services: """
                      first:
                        command: sh -c 'echo first listening; exec sleep 600'
                        healthcheck: {log: "first listening"}
                      box:
                        image: \(Self.image)
                        command: [sh, -c, 'trap "exit 0" TERM; echo box up; touch /tmp/ok; while true; do sleep 1; done']
                        depends_on: {first: {condition: service_healthy}}
                        healthcheck: {exec: "test -f /tmp/ok", interval: 1s, timeout: 10s}
                      last:
                        command: echo last sees box healthy
                        depends_on: {box: {condition: service_healthy}}
                    """)
            try await stack.cleaningUp {
                let muster = try await stack.start()
                defer { muster.terminate() }
                try await muster.waitForOutput("last sees box healthy", timeout: .seconds(60))
                let output = muster.output
                let firstReady = try #require(output.range(of: "first ready"))
                let boxStarted = try #require(output.range(of: "box started"))
                let boxReady = try #require(output.range(of: "box ready"))
                let lastRuns = try #require(output.range(of: "last sees box healthy"))
                #expect(
                    firstReady.lowerBound < boxStarted.lowerBound, "the container waited for the process: \(output)")
                #expect(boxReady.lowerBound < lastRuns.lowerBound, "the process waited for the container: \(output)")
                #expect(try await stack.interrupt(muster) == 0)
                #expect(try await stack.containers().isEmpty)
            }
        }

        @Test("A container that crashes is restarted under its policy, one container at a time")
        func restartAfterCrash() async throws {
            try await TestContainers.prepare()
            let stack = try ContainerStack(
                "crash",
                services: """
                      box:
                        image: \(Self.image)
                        volumes: ["./state:/state"]
                        command:
                          - sh
                          - -c
                          - |
                            trap "exit 0" TERM
                            n=$(cat /state/runs 2>/dev/null || echo 0); n=$((n + 1)); echo $n > /state/runs
                            echo "run $n"
                            if [ $n -lt 3 ]; then exit 3; fi
                            while true; do sleep 1; done
                    """)
            try await stack.cleaningUp {
                try stack.write("state/.keep", "")
                let muster = try await stack.start()
                defer { muster.terminate() }
                try await muster.waitForOutput("box    | run 3", timeout: .seconds(90))
                #expect(muster.output.contains("box exited with code 3, restarting in 100ms"))
                #expect(muster.output.contains("box exited with code 3, restarting in 200ms"))
                #expect(try await stack.containers() == ["muster-\(stack.project)-box-1"], "the crashed ones are gone")
                #expect(try await stack.interrupt(muster) == 0)
                #expect(try await stack.containers().isEmpty)
            }
        }
    }
}
