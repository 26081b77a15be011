import Logging
import MusterTesting
import ServiceLifecycle
import Testing

@testable import MusterRegistry

/// Blocking queries park in the caller's task: the wait runs on the registry's clock, and
/// cancellation or the scheduler's shutdown releases them at once.
@Suite("Blocking queries")
struct BlockingQueryTests {
    static let kvIndex: @Sendable (Registry.Snapshot) -> Indexed<Int> = {
        Indexed(index: $0.kv.index(of: "a"), value: 0)
    }

    @Test("The wait of a blocking read runs on the registry's clock")
    func waitOnTheClock() async throws {
        let clock = ManualClock()
        let registry = Registry(clock: clock)
        let start = await registry.read(Self.kvIndex).index
        async let timedOut = registry.read(after: start, wait: .seconds(300), Self.kvIndex)
        try await waitUntil("the read to park") {
            clock.deadlines == [clock.at(.seconds(300))] && registry.parked.count == 1
        }
        clock.advance(by: .seconds(300))
        #expect(await timedOut.index == start)
        #expect(registry.parked.count == 0 && clock.sleeperCount == 0)
    }

    @Test("Cancelling a parked read releases it")
    func cancellation() async throws {
        let registry = Registry()
        let start = await registry.read(Self.kvIndex).index
        let began = ContinuousClock.now
        await withTaskGroup(of: Indexed<Int>.self) { group in
            group.addTask { await registry.read(after: start, wait: .seconds(600), Self.kvIndex) }
            try? await waitUntil("the read to park") { registry.parked.count == 1 }
            group.cancelAll()
            #expect(await group.next()?.index == start)
        }
        #expect(registry.parked.count == 0 && ContinuousClock.now - began < .seconds(30))
    }

    @Test("Graceful shutdown answers a parked HTTP query before the server drains")
    func shutdownAnswersParkedQueries() async throws {
        let registry = Registry()
        let server = try await ConsulHTTPServer.bind(registry: registry, port: 0)
        let group = ServiceGroup(
            services: [server, CheckScheduler(registry: registry)], logger: Logger(label: "test"))
        let began = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = server.port
            let index = try #require(try await ConsulTestClient.get(port, "/v1/kv/a").index)
            async let parked = ConsulTestClient.get(port, "/v1/kv/a?index=\(index)&wait=10m")
            try await waitUntil("the query to park") { registry.parked.count == 1 }
            await group.triggerGracefulShutdown()
            let answer = try await parked
            #expect(answer.status == 404 && answer.index == index)
            try await tasks.waitForAll()
        }
        #expect(ContinuousClock.now - began < .seconds(30))
    }
}
