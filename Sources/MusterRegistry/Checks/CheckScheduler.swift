import MusterNet
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Runs a ``Registry``'s checks (`shared/protocols.md` §4.9): follows its check changes in a
/// ``CheckSchedule``, sleeps on the registry's clock until something is due, runs probes as
/// child tasks and reports results, TTL expiries and services to remove back to the registry.
/// Graceful shutdown stops it and then the registry, which answers every parked blocking query;
/// list it after the HTTP API in a service group, so that it stops before the API drains.
/// One scheduler follows a registry, once.
public struct CheckScheduler: Service {
    private typealias Instant = RuntimeClock.Instant

    /// What the scheduler acts on, in order.
    private enum Input: Sendable {
        case changed(CheckChange<Instant>)
        case alarm
        case shutdown
    }

    /// The registry whose checks it runs.
    public let registry: Registry
    private let eventLoopGroup: any EventLoopGroup

    /// A scheduler of `registry`'s checks; probes run on `eventLoopGroup`.
    public init(registry: Registry, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.registry = registry
        self.eventLoopGroup = eventLoopGroup
    }

    /// Runs the checks until graceful shutdown or cancellation, then stops the registry.
    public func run() async {
        let (inputs, inbox) = AsyncStream.makeStream(of: Input.self)
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { [registry] in
                    for await change in registry.checkChanges { inbox.yield(.changed(change)) }
                }
                var schedule = CheckSchedule<Instant>(limits: .init(registry.configuration))
                inputs: for await input in inputs {
                    let actions: [CheckSchedule<Instant>.Action]
                    switch input {
                    case .changed(let change): actions = schedule.apply(change)
                    case .alarm: actions = schedule.advance(to: registry.clock.now)
                    case .shutdown: break inputs
                    }
                    for action in actions { await perform(action, in: &group, inbox: inbox) }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            inbox.yield(.shutdown)
        }
        inbox.finish()
        await registry.stop()
    }

    private func perform(
        _ action: CheckSchedule<Instant>.Action, in group: inout DiscardingTaskGroup,
        inbox: AsyncStream<Input>.Continuation
    ) async {
        switch action {
        case .probe(let checkID, let kind, let timeout, let revision):
            guard let probe = CheckProbe(kind: kind, timeout: timeout, eventLoopGroup: eventLoopGroup) else { return }
            group.addTask { [registry] in
                let result = await probe.run()
                guard !Task.isCancelled else { return }
                await registry.record(result, ofCheck: checkID, revision: revision)
            }
        case .expireTTL(let checkID, let revision):
            await registry.expireTTL(check: checkID, revision: revision)
        case .deregister(let serviceID, let checkID, let revision):
            await registry.deregister(service: serviceID, criticalCheck: checkID, revision: revision)
        case .sleep(let instant):
            group.addTask { [clock = registry.clock] in
                guard (try? await clock.sleep(until: instant, tolerance: nil)) != nil else { return }
                inbox.yield(.alarm)
            }
        }
    }
}
