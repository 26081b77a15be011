import Testing

@testable import MusterCore

/// Start order, blocking and reverse-order shutdown decisions of `DependencyGraph`.
@Suite struct DependencyGraphTests {
    static func instance(_ service: String, number: Int = 1, replicas: Int = 1, dependsOn: [Dependency] = [])
        -> InstancePlan
    {
        var plan = InstancePlan(
            service: service, number: number, replicas: replicas, command: .shell("true"), workingDirectory: nil,
            port: nil, environment: ResolvedEnvironment(), restart: .no, stopSignal: .terminate,
            stopGracePeriod: .seconds(1), exitOnFailure: false)
        plan.dependencies = dependsOn
        return plan
    }

    /// db (2 replicas) <- migrate (oneshot, needs db healthy) <- api (needs migrate completed, db healthy)
    static let stack = [
        instance("db", number: 1, replicas: 2), instance("db", number: 2, replicas: 2),
        instance("migrate", dependsOn: [Dependency(service: "db", condition: .healthy)]),
        instance(
            "api",
            dependsOn: [
                Dependency(service: "migrate", condition: .completedSuccessfully),
                Dependency(service: "db", condition: .healthy),
            ]),
        instance("web", dependsOn: [Dependency(service: "api")]),
    ]

    static func progress(_ states: [String: InstanceState], started: Set<String> = [], ready: Set<String> = [])
        -> DependencyGraph.Progress
    {
        var all = Dictionary(uniqueKeysWithValues: stack.map { ($0.name, InstanceState.pending) })
        all.merge(states) { $1 }
        return DependencyGraph.Progress(states: all, everStarted: started, everReady: ready)
    }

    let graph = DependencyGraph(instances: stack)

    @Test func onlyInstancesWithoutDependenciesStartFirst() {
        let decisions = graph.startDecisions(Self.progress([:]))
        #expect(decisions.start == ["db.1", "db.2"])
        #expect(decisions.block.isEmpty)
    }

    @Test func aHealthyConditionWaitsForEveryReplicaToBeReady() {
        let oneReady = Self.progress(
            ["db.1": .ready(pid: 1), "db.2": .running(pid: 2)], started: ["db.1", "db.2"], ready: ["db.1"])
        #expect(graph.startDecisions(oneReady).start.isEmpty)
        let bothReady = Self.progress(
            ["db.1": .ready(pid: 1), "db.2": .ready(pid: 2)], started: ["db.1", "db.2"], ready: ["db.1", "db.2"])
        #expect(graph.startDecisions(bothReady).start == ["migrate.1"])
    }

    @Test func completedSuccessfullyWaitsForTheJobToComplete() {
        let ready: Set<String> = ["db.1", "db.2"]
        var states: [String: InstanceState] = [
            "db.1": .ready(pid: 1), "db.2": .ready(pid: 2), "migrate.1": .running(pid: 3),
        ]
        #expect(graph.startDecisions(Self.progress(states, started: ready, ready: ready)).start.isEmpty)
        states["migrate.1"] = .completed
        #expect(graph.startDecisions(Self.progress(states, started: ready, ready: ready)).start == ["api.1"])
    }

    @Test func aFailedDependencyBlocksItsDependentsWithTheReason() {
        let states: [String: InstanceState] = [
            "db.1": .ready(pid: 1), "db.2": .ready(pid: 2), "migrate.1": .failed(reason: "exited with code 1"),
        ]
        let ready: Set<String> = ["db.1", "db.2"]
        let decisions = graph.startDecisions(Self.progress(states, started: ready, ready: ready))
        #expect(decisions.block.map(\.name) == ["api.1"])
        #expect(decisions.block.first?.reason == "migrate exited with code 1")
    }

    @Test func aDependencyThatFailedBeforeItWasReadyBlocks() {
        let decisions = graph.startDecisions(Self.progress(["db.2": .failed(reason: "exited with code 1")]))
        #expect(decisions.block.first?.name == "migrate.1")
        #expect(decisions.block.first?.reason == "db exited with code 1 before it was ready")
    }

    @Test func blockingPropagatesThroughBlockedDependencies() {
        let decisions = graph.startDecisions(Self.progress(["api.1": .blocked(reason: "migrate exited with code 1")]))
        #expect(decisions.block.map(\.name) == ["web.1"])
        #expect(decisions.block.first?.reason == "api is blocked (migrate exited with code 1)")
    }

    @Test func aServiceStartedConditionIsMetOnceTheProcessHasRun() {
        let states: [String: InstanceState] = ["api.1": .backoff(last: .exited(code: 1), delay: .seconds(1))]
        #expect(graph.startDecisions(Self.progress(states, started: ["api.1"])).start.contains("web.1"))
    }

    @Test func shutdownStopsDependentsBeforeTheirDependencies() {
        let running: [String: InstanceState] = [
            "db.1": .ready(pid: 1), "db.2": .ready(pid: 2), "migrate.1": .completed, "api.1": .ready(pid: 4),
            "web.1": .ready(pid: 5),
        ]
        #expect(graph.stoppable(Self.progress(running)) == ["web.1"])
        var states = running
        states["web.1"] = .stopped
        #expect(graph.stoppable(Self.progress(states)) == ["api.1"])
        states["api.1"] = .stopped
        #expect(graph.stoppable(Self.progress(states)) == ["db.1", "db.2"], "independent instances stop in parallel")
    }
}
