import MusterRegistry
import MusterTesting
import Testing

@testable import MusterApp
@testable import MusterCore

/// How Muster's own registrations follow the lifecycle engine (issue 6).
@Suite("Instance registrar")
struct InstanceRegistrarTests {
    static func instance(readiness: Readiness = .portAccepts(9001), register: Bool = true) -> InstancePlan {
        var plan = InstancePlan(
            service: "worker", number: 2, replicas: 2, command: .shell("serve"), workingDirectory: nil, port: 9001,
            environment: ResolvedEnvironment(), restart: .onFailure(maxRestarts: nil), stopSignal: .terminate,
            stopGracePeriod: .seconds(1), exitOnFailure: false)
        plan.readiness = readiness
        plan.register = register
        return plan
    }

    @Test("Only ready instances pass; stopping and crashed ones are critical; final states are unlisted")
    func listings() {
        let instance = Self.instance()
        func status(_ state: InstanceState) -> CheckStatus? {
            guard case .listed(let status, _) = InstanceRegistrar.listing(state, of: instance) else { return nil }
            return status
        }
        #expect(status(.ready(pid: 7)) == .passing)
        let under: [InstanceState] = [
            .pending, .starting, .running(pid: 7), .unhealthy(pid: 7, reason: "probe failed"), .stopping(pid: 7),
            .backoff(last: .exited(code: 1), delay: .seconds(1)),
        ]
        for state in under { #expect(status(state) == .critical, "\(state)") }
        let final: [InstanceState] = [.stopped, .completed, .failed(reason: "x"), .blocked(reason: "x")]
        for state in final { #expect(status(state) == nil, "\(state)") }
        #expect(
            InstanceRegistrar.listing(.unhealthy(pid: 7, reason: "probe failed"), of: instance)
                == .listed(.critical, "worker.2 is unhealthy: probe failed"))
        let plain = Self.instance(readiness: .running)
        #expect(InstanceRegistrar.listing(.running(pid: 7), of: plain) == .listed(.passing, "worker.2 is running"))
    }

    @Test("The registry entry is <service>-<n> on 127.0.0.1 with Muster's metadata")
    func entry() {
        let service = InstanceRegistrar.service(for: Self.instance(), project: "shop")
        #expect(service.id == "worker-2" && service.name == "worker" && service.port == 9001)
        #expect(service.address == "127.0.0.1")
        #expect(service.meta == ["muster_project": "shop", "muster_instance": "worker.2", "muster_service": "worker"])
    }

    @Test("Registered at start as critical, passing once ready, removed when stopped, back when started")
    func followsStateChanges() async throws {
        let registry = Registry()
        let (changes, sink) = AsyncStream.makeStream(of: InstanceTransition.self)
        let registrar = InstanceRegistrar(
            registry: registry, project: "shop",
            instances: [Self.instance(), Self.instance(register: false)].enumerated().map { index, plan in
                var plan = plan
                plan.number = index + 1
                return plan
            }, changes: changes)
        // In a service group, as in a stack: it stays until the group shuts it down.
        try await withRunningServices([registrar]) {
            func change(_ state: InstanceState, _ instance: String = "worker.1") {
                sink.yield(InstanceTransition(instance: instance, service: "worker", old: nil, new: state, time: 0))
            }
            try await waitUntil("worker-1 to be listed") {
                await registry.agentServices().keys.sorted() == ["worker-1"]
            }
            #expect(await registry.agentChecks()["service:worker-1"]?.status == .critical)
            change(.ready(pid: 7))
            try await waitUntil("worker-1 to pass") {
                await registry.health(of: "worker", passingOnly: true).map(\.service.id) == ["worker-1"]
            }
            var own = ServiceInstance(id: "side", name: "side")
            own.owner = "worker.2"
            await registry.register(own, checks: [])
            change(.backoff(last: .exited(code: 1), delay: .seconds(1)), "worker.2")
            change(.stopped)
            try await waitUntil("both to go") { await registry.agentServices().isEmpty }
            change(.starting)
            change(.ready(pid: 7))
            try await waitUntil("worker-1 to pass again") {
                await registry.health(of: "worker", passingOnly: true).map(\.service.id) == ["worker-1"]
            }
            sink.finish()
        }
    }
}
