import Foundation
import MusterCore
import MusterTesting
import Testing

extension PodmanTests {
    /// The issue's scenario, as a new user would try it: one `muster.yaml` mixing a busybox container
    /// that publishes to the embedded broker over its HTTP API with a Python process that consumes.
    @Suite("Containers with the broker")
    struct ContainerBrokerTests {
        static let consumer = TestContainers.fixtures.appendingPathComponent("consume_ticks.py").path

        @Test(
            "A container publishes over the broker's HTTP API, a process consumes; both survive muster restart of the container"
        )
        func publisherContainerAndConsumerProcess() async throws {
            try await TestContainers.prepare()
            let stack = try ContainerStack(
                "demo",
                services: """
                      consumer:
                        command: [python3, "\(Self.consumer)"]
                        healthcheck: {log: "consumer subscribed"}
                      publisher:
                        image: \(TestContainers.image)
                        depends_on: {consumer: {condition: service_healthy}}
                        command:
                          - sh
                          - -c
                          - |
                            trap "exit 0" TERM
                            run=$(cut -c1-8 /proc/sys/kernel/random/uuid)
                            echo "publisher $run sends to $NSQD_HTTP_ADDRESS"
                            i=0
                            while true; do
                              i=$((i + 1))
                              wget -q -O /dev/null --post-data "tick $i of $run" "http://$NSQD_HTTP_ADDRESS/pub?topic=ticks"
                              sleep 0.5
                            done
                    """)
            try await stack.cleaningUp {
                let probe = try await RunningMuster(
                    ["run", "--", "python3", "-c", "import nsq"], in: stack.directory.path)
                if try await probe.waitForExit() != 0 {
                    if TestContainers.requireAll {
                        Issue.record(
                            "MUSTER_REQUIRE_ALL=1 but pynsq is not installed (pip install -r Tests/requirements.txt)")
                    }
                    return
                }
                let muster = try await stack.start(broker: true)
                defer { muster.terminate() }
                let runs = { muster.lines.compactMap { Self.run(in: $0) } }
                try await waitUntil("the publisher's first run; got:\n\(muster.output)", timeout: .seconds(60)) {
                    runs().count == 1
                }
                try await muster.waitForOutput("consumer  | consumed: tick 3 of \(runs()[0])", timeout: .seconds(30))

                let restart = try await stack.client(["restart", "publisher"])
                #expect(restart.code == 0, "\(restart.output)")
                try await waitUntil("a second run of the publisher; got:\n\(muster.output)", timeout: .seconds(60)) {
                    runs().count == 2
                }
                try await muster.waitForOutput("consumer  | consumed: tick 3 of \(runs()[1])", timeout: .seconds(30))
                #expect(muster.output.contains("publisher | publisher \(runs()[0]) sends to 127.0.0.1:"))

                #expect(try await stack.interrupt(muster) == 0, "\(muster.output)")
                #expect(try await stack.containers().isEmpty, "after Ctrl-C nothing of the stack is left in podman")
            }
        }

        /// The run identifier in a publisher's first line.
        static func run(in line: String) -> String? {
            guard line.hasPrefix("publisher | publisher "), let end = line.range(of: " sends to ") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: "publisher | publisher ".count)..<end.lowerBound])
        }
    }
}
