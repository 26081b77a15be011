import MusterTesting
import Testing

@testable import MusterRegistry

/// The registry actor: blocking reads woken by writes, checks its scheduler runs (on a manual clock),
/// owners, the DNS directory.
@Suite("Registry behaviour")
struct RegistryBehaviourTests {
    static func healthIndex(_ name: String) -> @Sendable (Registry.Snapshot) -> Indexed<Int> {
        { Indexed(index: $0.catalog.healthIndex(of: name), value: $0.catalog.health(of: name).count) }
    }

    @Test("A blocking read parks until a relevant write, and times out with the same index")
    func blocking() async throws {
        let registry = Registry()
        let start = await registry.read(Self.healthIndex("web"))
        #expect(start.index >= registry.configuration.startIndex && start.value == 0)
        let began = ContinuousClock.now
        let timedOut = await registry.read(after: start.index, wait: .milliseconds(200), Self.healthIndex("web"))
        #expect(timedOut.index == start.index && ContinuousClock.now - began >= .milliseconds(200))
        async let woken = registry.read(after: start.index, wait: .seconds(60), Self.healthIndex("web"))
        _ = await registry.put(key: "unrelated", value: [1])  // wakes the read, which parks again
        await registry.register(ServiceInstance(id: "web-1", name: "web"), checks: [])
        let result = await woken
        #expect(result.index > start.index && result.value == 1)
        #expect(ContinuousClock.now - began < .seconds(30))
        async let stopped = registry.read(after: result.index, wait: .seconds(60), Self.healthIndex("web"))
        await registry.stop()
        #expect(await stopped.index == result.index)
    }

    @Test("A TTL check expires to critical with the last output, and a TTL update brings it back")
    func ttlExpiry() async throws {
        let clock = ManualClock()
        let registry = Registry(clock: clock)
        try await withRunningServices([CheckScheduler(registry: registry)]) {
            var check = RegistryCheck(id: "beat", name: "beat", kind: .ttl(.seconds(30)))
            check.serviceID = "job"
            await registry.register(ServiceInstance(id: "job", name: "job"), checks: [check])
            try await registry.updateTTL(check: "beat", status: .passing, output: "alive")
            #expect(await registry.agentChecks()["beat"]?.status == .passing)
            clock.advance(by: .seconds(30))
            try await waitUntil("the TTL to expire") { await registry.agentChecks()["beat"]?.status == .critical }
            #expect(
                await registry.agentChecks()["beat"]?.output
                    == "TTL expired (last output before timeout follows): alive")
            try await registry.updateTTL(check: "beat", status: .warning, output: "slow")
            #expect(await registry.agentChecks()["beat"]?.status == .warning)
            clock.advance(by: .seconds(30))
            try await waitUntil("the TTL to expire again") {
                await registry.agentChecks()["beat"]?.status == .critical
            }
            await #expect(throws: RegistryError.self) {
                try await registry.updateTTL(check: "nope", status: .passing, output: "")
            }
        }
    }

    @Test("A TTL update just before the deadline starts the TTL again, even when the old deadline fires first")
    func ttlRenewal() async throws {
        let clock = ManualClock()
        let registry = Registry(clock: clock)
        try await withRunningServices([CheckScheduler(registry: registry)]) {
            try await registry.register(check: RegistryCheck(id: "beat", name: "beat", kind: .ttl(.seconds(30))))
            try await waitUntil("the scheduler to wait for the TTL") { clock.deadlines == [clock.at(.seconds(30))] }
            clock.advance(by: .seconds(29))
            try await registry.updateTTL(check: "beat", status: .passing, output: "alive")
            clock.advance(by: .seconds(1))
            try await waitUntil("the scheduler to wait for the new TTL") {
                clock.deadlines == [clock.at(.seconds(59))]
            }
            #expect(await registry.agentChecks()["beat"]?.status == .passing)
            clock.advance(by: .seconds(29))
            try await waitUntil("the new TTL to expire") { await registry.agentChecks()["beat"]?.status == .critical }
        }
    }

    @Test("A service whose check stays critical past DeregisterCriticalServiceAfter is removed")
    func deregisterCritical() async throws {
        var configuration = RegistryConfiguration()
        configuration.minimumDeregisterAfter = .milliseconds(100)
        configuration.minimumCheckInterval = .milliseconds(100)
        let clock = ManualClock()
        let registry = Registry(configuration: configuration, clock: clock)
        try await withRunningServices([CheckScheduler(registry: registry)]) {
            var check = RegistryCheck(id: "tcp", name: "tcp", kind: .tcp(host: "127.0.0.1", port: 1))
            check.interval = .milliseconds(100)
            check.deregisterCriticalAfter = .milliseconds(300)
            check.serviceID = "gone"
            await registry.register(ServiceInstance(id: "gone", name: "gone"), checks: [check])
            try await waitUntil("the first probe to fail") {
                await registry.agentChecks()["tcp"]?.output.hasPrefix("dial tcp 127.0.0.1:1") == true
            }
            #expect(await registry.agentServices()["gone"] != nil)
            clock.advance(by: .milliseconds(300))
            try await waitUntil("the service to be reaped") { await registry.agentServices()["gone"] == nil }
            #expect(await registry.agentChecks().isEmpty)
        }
    }

    @Test("Owned registrations go with their owner; the DNS directory skips critical instances only")
    func ownersAndDirectory() async throws {
        let registry = Registry()
        var mine = ServiceInstance(id: "api-self", name: "api")
        mine.owner = "api.1"
        mine.port = 9000
        var muster = RegistryCheck(id: "m", name: "m", kind: .muster)
        muster.serviceID = "api-self"
        await registry.register(mine, checks: [muster])
        await registry.register(ServiceInstance(id: "api-other", name: "api"), checks: [])
        #expect(await registry.healthyInstances(of: "API", tag: nil).map(\.port) == [0])
        await registry.setStatus(ofCheck: "m", to: .warning, output: "slow")
        let healthy = await registry.healthyInstances(of: "api", tag: nil)
        #expect(healthy.map(\.port) == [0, 9000] && healthy.map(\.isWarning) == [false, true])
        #expect(await registry.node(named: registry.configuration.nodeName.uppercased()) != nil)
        #expect(await registry.deregisterServices(ownedBy: "api.1") == ["api-self"])
        #expect(await registry.agentServices().keys.sorted() == ["api-other"])
    }
}
