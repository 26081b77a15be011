import MusterCore
import Testing

@Suite struct WaitConditionTests {
    typealias Condition = WaitCondition.Condition

    static func instance(_ name: String, _ state: InstancePhase, reason: String? = nil) -> InstanceStatus {
        let service = String(name.split(separator: ".")[0])
        return InstanceStatus(name: name, service: service, displayName: name, state: state, reason: reason)
    }

    enum Expected: Sendable, CustomStringConvertible {
        case satisfied, waiting, impossible
        var description: String { "\(self == .satisfied ? "satisfied" : self == .waiting ? "waiting" : "impossible")" }
    }

    /// Every state against every condition.
    static let table: [(state: InstancePhase, started: Expected, ready: Expected, completed: Expected)] = [
        (.pending, .waiting, .waiting, .waiting),
        (.starting, .waiting, .waiting, .waiting),
        (.running, .satisfied, .waiting, .waiting),
        (.ready, .satisfied, .satisfied, .waiting),
        (.unhealthy, .satisfied, .waiting, .waiting),
        (.stopping, .satisfied, .waiting, .waiting),
        (.backoff, .satisfied, .waiting, .waiting),
        (.completed, .satisfied, .satisfied, .satisfied),
        (.stopped, .impossible, .impossible, .impossible),
        (.failed, .impossible, .impossible, .impossible),
        (.blocked, .impossible, .impossible, .impossible),
    ]

    @Test(arguments: table)
    func stateAgainstEveryCondition(
        row: (state: InstancePhase, started: Expected, ready: Expected, completed: Expected)
    ) {
        for (condition, expected) in [
            (Condition.started, row.started), (.ready, row.ready), (.completed, row.completed),
        ] {
            let verdict = WaitCondition.evaluate(instances: [Self.instance("web.1", row.state)], for: condition)
            let kind: Expected =
                switch verdict {
                case .satisfied: .satisfied
                case .waiting: .waiting
                case .impossible: .impossible
                }
            #expect(kind == expected, "\(row.state) for \(condition)")
        }
    }

    @Test func everyInstanceMustMeetTheCondition() {
        let instances = [
            Self.instance("web.1", .ready), Self.instance("web.2", .starting), Self.instance("web.3", .running),
        ]
        #expect(WaitCondition.evaluate(instances: instances, for: .started) == .waiting("web.2 is starting"))
        #expect(
            WaitCondition.evaluate(instances: instances, for: .ready)
                == .waiting("web.2 is starting, web.3 is running"))
        #expect(WaitCondition.evaluate(instances: [Self.instance("web.1", .ready)], for: .ready) == .satisfied)
    }

    @Test func oneImpossibleInstanceDecides() {
        let instances = [
            Self.instance("web.1", .starting), Self.instance("db.1", .failed, reason: "exited with code 2"),
        ]
        #expect(
            WaitCondition.evaluate(instances: instances, for: .ready)
                == .impossible("db.1 failed: exited with code 2, so it will never be ready"))
    }

    @Test func sentencesNameTheReasonAndWhatToDo() {
        #expect(
            WaitCondition.evaluate(instances: [Self.instance("api.1", .blocked, reason: "db failed")], for: .started)
                == .impossible("api.1 is blocked: db failed, so it will never be started"))
        #expect(
            WaitCondition.evaluate(instances: [Self.instance("worker.2", .stopped)], for: .completed)
                == .impossible(
                    "worker.2 is stopped, so it will not be completed until you run muster start-service worker"))
        #expect(
            WaitCondition.evaluate(
                instances: [Self.instance("web.1", .unhealthy, reason: "GET / answered 500")], for: .ready)
                == .waiting("web.1 is unhealthy: GET / answered 500"))
    }

    @Test func nothingToWaitForIsImpossible() {
        #expect(WaitCondition.evaluate(instances: [], for: .ready) == .impossible("no instance matches"))
    }

    @Test func matchingByServiceInstanceAndGlob() {
        let all = [
            InstanceStatus(name: "web.1", service: "web", displayName: "web.1", state: .ready),
            InstanceStatus(name: "web.2", service: "web", displayName: "web.2", state: .ready),
            InstanceStatus(name: "webhook.1", service: "webhook", displayName: "webhook", state: .ready),
            InstanceStatus(name: "db.1", service: "db", displayName: "db", state: .ready),
        ]
        #expect(WaitCondition.instances(matching: "web", in: all).map(\.name) == ["web.1", "web.2"])
        #expect(WaitCondition.instances(matching: "web.2", in: all).map(\.name) == ["web.2"])
        #expect(WaitCondition.instances(matching: "webhook", in: all).map(\.name) == ["webhook.1"])
        #expect(WaitCondition.instances(matching: "web*", in: all).map(\.name) == ["web.1", "web.2", "webhook.1"])
        #expect(WaitCondition.instances(matching: "db.1", in: all).map(\.name) == ["db.1"])
        #expect(WaitCondition.instances(matching: "cache", in: all).isEmpty)
    }

    @Test(arguments: [
        ("60s", Duration.seconds(60)), ("500ms", .milliseconds(500)), ("2m", .seconds(120)), ("1m30s", .seconds(90)),
        ("1h", .seconds(3600)), ("1.5s", .milliseconds(1500)), ("30", .seconds(30)), ("0.25", .milliseconds(250)),
        ("0", .zero), ("250us", .microseconds(250)),
    ])
    func durationsParse(text: String, duration: Duration) {
        #expect(DurationText.parse(text) == duration)
    }

    @Test(arguments: ["", "s", "-5s", "5 s", "5x", "1e3", "0x10", "ms", "1.2.3s", "10sec", " 5s", "inf", "5m-"])
    func durationsReject(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func conditionsParseFromTheirNames() {
        #expect(Condition(rawValue: "started") == .started)
        #expect(Condition(rawValue: "ready") == .ready)
        #expect(Condition(rawValue: "completed") == .completed)
        #expect(Condition(rawValue: "healthy") == nil)
    }
}
