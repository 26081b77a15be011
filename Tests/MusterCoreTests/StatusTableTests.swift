import Foundation
import MusterCore
import Testing

@Suite struct StatusTableTests {
    static let now = 1_700_000_000.0

    static func stack(_ instances: [InstanceStatus]) -> StackStatus {
        StackStatus(
            project: "shop", file: "/src/shop/muster.yaml", pid: 4242, api: "http://127.0.0.1:7700",
            instances: instances)
    }

    @Test func tableWithoutReasonColumn() {
        let status = Self.stack([
            InstanceStatus(
                name: "web.1", service: "web", displayName: "web.1", state: .ready, pid: 1234,
                startedAt: Self.now - 192, restarts: 0, port: 5000, health: "ready"),
            InstanceStatus(
                name: "web.2", service: "web", displayName: "web.2", state: .running, pid: 1235,
                startedAt: Self.now - 7.9, restarts: 12, port: 5001, health: "starting"),
            InstanceStatus(name: "worker.1", service: "worker", displayName: "worker", state: .pending),
        ])
        #expect(
            StatusTable.render(status, now: Self.now, color: false) == """
                SERVICE  STATE    PID   UPTIME  RESTARTS  PORT  HEALTH
                web.1    ready    1234  3m12s   0         5000  ready
                web.2    running  1235  7s      12        5001  starting
                worker   pending  -     -       0         -     -

                """)
    }

    @Test func reasonColumnAppearsWhenSomeInstanceHasOne() {
        let status = Self.stack([
            InstanceStatus(
                name: "db.1", service: "db", displayName: "db", state: .failed, restarts: 3,
                port: 5432, reason: "exited with code 1\nafter 3 restarts"),
            InstanceStatus(
                name: "api.1", service: "api", displayName: "api", state: .blocked,
                reason: "db failed for good"),
            InstanceStatus(
                name: "cache.1", service: "cache", displayName: "cache", state: .unhealthy, pid: 77,
                startedAt: Self.now - 7_325, port: 6379, health: "unhealthy", reason: ""),
        ])
        #expect(
            StatusTable.render(status, now: Self.now, color: false) == """
                SERVICE  STATE      PID  UPTIME  RESTARTS  PORT  HEALTH     REASON
                db       failed     -    -       3         5432  -          exited with code 1 after 3 restarts
                api      blocked    -    -       0         -     -          db failed for good
                cache    unhealthy  77   2h2m    0         6379  unhealthy  -

                """)
    }

    @Test func emptyStackIsTheHeaderAlone() {
        #expect(
            StatusTable.render(Self.stack([]), now: Self.now, color: true)
                == "SERVICE  STATE  PID  UPTIME  RESTARTS  PORT  HEALTH\n")
    }

    @Test func colourWrapsOnlyTheStateWordAndKeepsAlignment() {
        let status = Self.stack([
            InstanceStatus(name: "a.1", service: "a", displayName: "a", state: .ready, pid: 1, startedAt: Self.now),
            InstanceStatus(name: "b.1", service: "b", displayName: "b", state: .backoff, restarts: 2),
            InstanceStatus(name: "c.1", service: "c", displayName: "c", state: .failed),
            InstanceStatus(name: "d.1", service: "d", displayName: "d", state: .stopped),
        ])
        let green = "\u{1B}[32m", yellow = "\u{1B}[33m", red = "\u{1B}[31m", reset = "\u{1B}[0m"
        #expect(
            StatusTable.render(status, now: Self.now, color: true) == """
                SERVICE  STATE    PID  UPTIME  RESTARTS  PORT  HEALTH
                a        \(green)ready\(reset)    1    0s      0         -     -
                b        \(yellow)backoff\(reset)  -    -       2         -     -
                c        \(red)failed\(reset)   -    -       0         -     -
                d        stopped  -    -       0         -     -

                """)
    }

    @Test(arguments: [
        (InstancePhase.starting, "\u{1B}[33m"), (.pending, "\u{1B}[33m"), (.stopping, "\u{1B}[33m"),
        (.backoff, "\u{1B}[33m"), (.running, "\u{1B}[32m"), (.ready, "\u{1B}[32m"), (.completed, "\u{1B}[32m"),
        (.failed, "\u{1B}[31m"), (.blocked, "\u{1B}[31m"), (.unhealthy, "\u{1B}[31m"),
    ])
    func stateColours(state: InstancePhase, escape: String) {
        #expect(StatusTable.escape(for: state) == escape)
    }

    @Test func stoppedHasNoColour() {
        #expect(StatusTable.escape(for: .stopped) == nil)
    }

    @Test(arguments: [
        (0.0, "0s"), (0.99, "0s"), (59.9, "59s"), (60, "1m0s"), (192, "3m12s"), (3599, "59m59s"),
        (3600, "1h0m"), (7_325, "2h2m"), (86_399, "23h59m"), (86_400, "1d0h"), (273_600, "3d4h"),
    ])
    func elapsedFormatting(seconds: Double, text: String) {
        #expect(StatusTable.elapsed(seconds) == text)
    }

    @Test func uptimeIsADashUnlessTheInstanceRuns() {
        var instance = InstanceStatus(
            name: "web.1", service: "web", displayName: "web", state: .running, pid: 9, startedAt: Self.now - 65)
        #expect(StatusTable.uptime(of: instance, now: Self.now) == "1m5s")
        instance.startedAt = Self.now + 3  // clock skew never gives a negative uptime
        #expect(StatusTable.uptime(of: instance, now: Self.now) == "0s")
        instance.state = .completed
        #expect(StatusTable.uptime(of: instance, now: Self.now) == "-")
        instance.state = .running
        instance.startedAt = nil
        #expect(StatusTable.uptime(of: instance, now: Self.now) == "-")
    }

    @Test func jsonIsPrettyWithSortedKeysAndRoundTrips() throws {
        let status = Self.stack([
            InstanceStatus(
                name: "web.1", service: "web", displayName: "web", state: .ready, pid: 12, startedAt: 1.5,
                restarts: 1, port: 5000, health: "ready")
        ])
        let text = try StatusTable.json(status)
        #expect(text.hasPrefix("{\n  \"api\" : \"http://127.0.0.1:7700\",\n  \"file\" : \"/src/shop/muster.yaml\",\n"))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"displayName\" : \"web\",\n      \"health\" : \"ready\","))
        #expect(try JSONDecoder().decode(StackStatus.self, from: Data(text.utf8)) == status)
    }
}
