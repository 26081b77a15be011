import MusterNet
import MusterTesting

@testable import MusterCore

/// A supervisor on a manual clock and fake processes, with the helpers its tests share.
struct SupervisedStack {
    let clock = ManualClock()
    let host = FakeProcessHost()
    let logs: LogHarness
    let supervisor: Supervisor

    /// A stack of `instances`; the supervisor traps no signals.
    init(_ instances: [InstancePlan]) throws {
        logs = try LogHarness(names: instances.map(\.displayName) + ["muster"])
        let plan = StackPlan(
            project: "test", file: "muster.yaml", directory: "/tmp", environment: ResolvedEnvironment(),
            instances: instances)
        supervisor = Supervisor(
            plan: plan, runtime: RuntimeAddresses(controlAPI: "http://127.0.0.1:1"), logs: logs.multiplexer,
            options: .init(handleSignals: false), clock: RuntimeClock(clock), processes: host)
    }

    /// An instance of `service` whose command nobody runs, restarted on failure.
    static func instance(
        _ service: String, dependsOn dependencies: [String] = [], restart: RestartPolicy = .onFailure(maxRestarts: nil),
        grace: Duration = .seconds(10)
    ) -> InstancePlan {
        var plan = InstancePlan(
            service: service, number: 1, replicas: 1, command: .exec(["/nonexistent/\(service)"]),
            workingDirectory: nil, port: nil, environment: ResolvedEnvironment(), restart: restart,
            stopSignal: .terminate, stopGracePeriod: grace, exitOnFailure: false)
        plan.dependencies = dependencies.map { Dependency(service: $0) }
        return plan
    }

    /// Runs the supervisor while `body` drives it, then waits for it to end; returns its exit code.
    func run(_ body: @Sendable () async throws -> Void) async throws -> Int32 {
        let supervisor = self.supervisor
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await supervisor.run() }
            do {
                try await body()
            } catch {
                supervisor.requestShutdown()
                host.killEverything()
                throw error
            }
            try await group.waitForAll()
        }
        await logs.finish()
        return await supervisor.exitCode
    }

    /// The state the supervisor reports for `instance` (`web.1`).
    func phase(of instance: String) async -> InstancePhase? {
        await supervisor.status().instances.first { $0.name == instance }?.state
    }

    /// Waits until `instance` is in `phase`.
    func waitFor(_ instance: String, _ phase: InstancePhase) async throws {
        try await waitUntil("\(instance) to be \(phase)") { await self.phase(of: instance) == phase }
    }
}
