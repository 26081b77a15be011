import NIOCore

/// Watches one run of one instance: probes it under a `HealthMonitor` (or waits for a matching
/// output line) and reports `HealthEvent`s, inside the caller's structured concurrency.
///
/// Create it when the instance's process has started, call `run(onEvent:)` in a child task right
/// away (ready times count from then), and cancel that task when the process ends or is stopped.
/// For a `log:` healthcheck, feed every output line to `logWatcher`.
package final class HealthChecker: Sendable {
    /// How the instance is watched.
    private enum Mode: Sendable {
        /// Ready as soon as it runs (`.running`).
        case immediate
        /// Repeated probe attempts judged by a monitor.
        case probing(HealthProbe, HealthPolicy)
        /// Ready on the first output line matching the pattern.
        case log(LogPatternWatcher)
    }

    /// For a `log:` healthcheck, the watcher the caller feeds the instance's output lines; else nil.
    package let logWatcher: LogPatternWatcher?

    private let mode: Mode
    private let clock: any Clock<Duration>
    private let notReadyReportInterval: Duration

    /// A checker for an instance with this readiness, port, environment and working directory.
    ///
    /// `clock` paces probes and timeouts (`ContinuousClock` in production); `eventLoopGroup` runs
    /// the connections of `http:`, `tcp:` and port probes (it is asked for only by those). Throws when the check cannot work as
    /// configured (no port for a port probe, a bad URL or pattern).
    package init(
        readiness: Readiness, port: Int?, environment: [String: String], workingDirectory: String?,
        clock: any Clock<Duration> = ContinuousClock(), eventLoopGroup: @autoclosure () -> any EventLoopGroup,
        notReadyReportInterval: Duration = .seconds(5)
    ) throws(HealthCheckError) {
        self.clock = clock
        self.notReadyReportInterval = notReadyReportInterval
        switch readiness {
        case .running:
            mode = .immediate
        case .portAccepts(let port):
            var policy = HealthPolicy.untilReady
            policy.notReadyReportInterval = notReadyReportInterval
            mode = .probing(.portAccepts(port, eventLoopGroup: eventLoopGroup()), policy)
        case .healthcheck(let definition):
            if case .log(let pattern) = definition.probe {
                mode = .log(try LogPatternWatcher(pattern: pattern))
            } else {
                let probe = try HealthProbe(
                    definition.probe, timeout: definition.timeout, port: port, environment: environment,
                    workingDirectory: workingDirectory, eventLoopGroup: eventLoopGroup(), clock: clock)
                var policy = HealthPolicy(definition)
                policy.notReadyReportInterval = notReadyReportInterval
                mode = .probing(probe, policy)
            }
        }
        if case .log(let watcher) = mode { logWatcher = watcher } else { logWatcher = nil }
    }

    /// Watches until cancelled, or until nothing is left to watch (once ready, for `.running`,
    /// `.portAccepts` and `log:` readiness). Probe attempts in flight end before it returns.
    package func run(onEvent: @Sendable (HealthEvent) -> Void) async {
        switch mode {
        case .immediate:
            onEvent(.ready(after: .zero))
        case .probing(let probe, let policy):
            await runProbes(probe, policy: policy, clock: clock, onEvent: onEvent)
        case .log(let watcher):
            await watch(watcher, clock: clock, onEvent: onEvent)
        }
    }

    private func runProbes<C: Clock<Duration>>(
        _ probe: HealthProbe, policy: HealthPolicy, clock: C, onEvent: @Sendable (HealthEvent) -> Void
    ) async {
        typealias Monitor = HealthMonitor<C.Instant>
        var monitor = Monitor(policy: policy)
        let (events, mailbox) = AsyncStream.makeStream(of: Monitor.Event.self)
        mailbox.yield(.started(at: clock.now))
        await withDiscardingTaskGroup { group in
            for await event in events {
                for action in monitor.handle(event) {
                    switch action {
                    case .probe:
                        group.addTask {
                            let result = await probe.attempt()
                            mailbox.yield(.probeFinished(success: result.success, detail: result.detail, at: clock.now))
                        }
                    case .startTimer(let timer, let delay):
                        group.addTask {
                            guard (try? await clock.sleep(for: delay)) != nil else { return }
                            mailbox.yield(.timerFired(timer))
                        }
                    case .becameReady(let delay): onEvent(.ready(after: delay))
                    case .becameUnhealthy(let reason): onEvent(.unhealthy(reason: reason))
                    case .becameHealthyAgain: onEvent(.healthyAgain)
                    case .notReadyYet(let detail): onEvent(.notReadyYet(detail: detail))
                    }
                }
                if monitor.isFinished { break }
            }
            mailbox.finish()
            group.cancelAll()
        }
    }

    private func watch<C: Clock<Duration>>(
        _ watcher: LogPatternWatcher, clock: C, onEvent: @Sendable (HealthEvent) -> Void
    ) async {
        let start = clock.now
        let interval = notReadyReportInterval
        while !Task.isCancelled {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await watcher.waitForMatch() }
                group.addTask { _ = try? await clock.sleep(for: interval) }
                await group.next()
                group.cancelAll()
            }
            if watcher.hasMatched {
                onEvent(.ready(after: start.duration(to: clock.now)))
                return
            }
            guard !Task.isCancelled else { return }
            onEvent(.notReadyYet(detail: "no output line has matched `\(watcher.pattern)` yet"))
        }
    }
}
