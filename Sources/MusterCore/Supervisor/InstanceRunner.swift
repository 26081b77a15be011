import CMusterSystem
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one service instance: owns its state machine and performs the actions it returns.
///
/// Events arrive through a mailbox (start, stop and kill requests from the supervisor; spawn
/// results, exits and timers from its own child tasks); the loop ends when the mailbox finishes.
final class InstanceRunner<C: Clock>: Sendable where C.Duration == Duration, C.Instant: Sendable {
    typealias Machine = InstanceStateMachine<C.Instant>

    let plan: InstancePlan
    private let mailbox: AsyncStream<Machine.Event>
    private let continuation: AsyncStream<Machine.Event>.Continuation
    private let environment: RunnerEnvironment<C>

    init(plan: InstancePlan, environment: RunnerEnvironment<C>) {
        self.plan = plan
        self.environment = environment
        (mailbox, continuation) = AsyncStream.makeStream(of: Machine.Event.self)
    }

    /// Delivers a request to the instance.
    func send(_ event: Machine.Event) {
        continuation.yield(event)
    }

    /// Ends the loop once pending events are handled.
    func close() {
        continuation.finish()
    }

    /// Handles events until the mailbox is closed.
    func run() async {
        var machine = Machine(
            policy: plan.restart, stopSignal: plan.stopSignal, gracePeriod: plan.stopGracePeriod)
        await withDiscardingTaskGroup { group in
            for await event in mailbox {
                for action in machine.handle(event) {
                    perform(action, state: machine.state, group: &group)
                }
                environment.observer(plan, machine.state, machine.restarts)
            }
            group.cancelAll()
        }
    }

    private func perform(_ action: Machine.Action, state: InstanceState, group: inout DiscardingTaskGroup) {
        switch action {
        case .spawn:
            group.addTask { await self.spawn() }
        case .signal(let signal):
            switch state {
            case .running(let pid), .stopping(let pid): environment.processes.signal(signal, group: pid)
            default: break
            }
        case .startTimer(let timer, let delay):
            let clock = environment.clock
            group.addTask {
                guard (try? await clock.sleep(for: delay)) != nil else { return }
                self.continuation.yield(.timerFired(timer))
            }
        case .announce(.ready) where plan.readiness == .running:
            break  // ready the moment it runs: nothing worth a line
        case .announce(let announcement):
            environment.announce(plan, announcement)
        case .finish(let outcome):
            environment.finished(plan, outcome)
        }
    }

    private func spawn() async {
        let checker: HealthChecker
        let launch: LaunchedProcess
        do {
            // A container runs as its runtime's `run` command in the foreground (Containers/).
            let plan = self.plan.isContainer ? try await environment.containers.launchPlan(for: self.plan) : self.plan
            checker = try HealthChecker(
                readiness: plan.readiness, port: plan.port, environment: plan.environment.values,
                workingDirectory: plan.workingDirectory, eventLoopGroup: environment.probeEventLoops())
            var observer: (@Sendable (String) -> Void)?
            if let watcher = checker.logWatcher {
                observer = { line in _ = watcher.observe(line: line) }
            }
            launch = try await environment.processes.launch(plan, logs: environment.logs, lineObserver: observer)
        } catch {
            continuation.yield(.spawnFailed(reason: "\(error)"))
            return
        }
        continuation.yield(.spawned(pid: launch.pid, at: environment.clock.now))
        // Health is watched exactly as long as this run of the process lasts.
        let status = await withTaskGroup(of: ExitStatus?.self) { group in
            group.addTask {
                await checker.run { self.report($0) }
                return nil
            }
            let status = await launch.exit()
            group.cancelAll()
            return status
        }
        let exitedAt = environment.clock.now
        if plan.isContainer { await environment.containers.removeContainer(of: plan) }
        if environment.processes.outlives(leader: launch.pid) { environment.lingering(ProcessGroup(id: launch.pid)) }
        continuation.yield(.exited(status, at: exitedAt))
    }
}

extension InstanceRunner {
    /// Turns a health checker's report into an event of the machine (or a line).
    private func report(_ event: HealthEvent) {
        switch event {
        case .ready(let delay): continuation.yield(.becameReady(after: delay))
        case .unhealthy(let reason): continuation.yield(.becameUnhealthy(reason: reason))
        case .healthyAgain: continuation.yield(.becameHealthy)
        case .notReadyYet(let detail): environment.announce(plan, .notReadyYet(detail: detail))
        }
    }
}

/// What every runner shares: the clock, the log stream, the process host and the supervisor's ears.
struct RunnerEnvironment<C: Clock>: Sendable where C.Duration == Duration {
    var clock: C
    var logs: LogMultiplexer
    /// Where its processes run.
    var processes: any ProcessHost
    /// Runs the container instances (and finds their runtime when the first one starts).
    var containers: ContainerSession
    /// Where health probes connect from (not the log loop, which blocks on slow output); asked
    /// for only when an instance has a probe, so a stack without one starts no extra threads.
    var probeEventLoops: @Sendable () -> any EventLoopGroup
    var announce: @Sendable (InstancePlan, InstanceStateMachine<C.Instant>.Announcement) -> Void
    var observer: @Sendable (InstancePlan, InstanceState, Int) -> Void
    var finished: @Sendable (InstancePlan, InstanceOutcome) -> Void
    var lingering: @Sendable (ProcessGroup) -> Void
}
