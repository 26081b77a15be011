import CMusterSystem
import Logging
import MusterNet
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// Runs every instance of a stack, decides when the stack is done, and with which exit code.
///
/// It is a `Service`: graceful shutdown of its group stops every instance. It also traps SIGINT,
/// SIGTERM and SIGHUP itself: the first stops the stack gracefully, a second kills it at once.
package actor Supervisor: Service {
    /// How the run behaves as a whole.
    package struct Options: Sendable {
        /// Whether to trap SIGINT/SIGTERM/SIGHUP (tests that drive shutdown themselves turn it off).
        package var handleSignals: Bool

        /// Creates options.
        package init(handleSignals: Bool = true) {
            self.handleSignals = handleSignals
        }
    }

    enum Event: Sendable {
        case stateChanged(InstancePlan, InstanceState, restarts: Int)
        case finished(InstancePlan, InstanceOutcome)
        case lingering(ProcessGroup)
        case signal(UnixSignal)
        case listenerEnded(Int)
        case shutdown
    }

    let plan: StackPlan
    let logs: LogMultiplexer
    let options: Options
    let events: AsyncStream<Event>
    let eventSink: AsyncStream<Event>.Continuation
    var bookkeeping: SupervisorBookkeeping
    let graph: DependencyGraph
    var runners: [String: InstanceRunner<RuntimeClock>] = [:]
    /// The clock of every runner's timers (backoff, stop grace periods, health intervals).
    let clock: RuntimeClock
    /// Where the instances' processes run.
    let processes: any ProcessHost
    /// The containers of the run; idle until a container instance starts.
    let containers: ContainerSession
    var stopsSent: Set<String> = []
    /// Control-plane state: subscribers to state changes, run start times, user-stopped instances.
    var control = SupervisorControlState()
    /// Where the control API, the broker and the registry listen; in every instance's environment.
    let runtime: RuntimeAddresses
    private var launched = false
    private var launchWaiters: [CheckedContinuation<Void, Never>] = []

    /// The exit code of the run, final once `run()` has returned.
    package var exitCode: Int32 { bookkeeping.exitCode }

    /// A supervisor for `plan`, whose instances are told `runtime`'s addresses, printing to `logs`;
    /// its instances run as child processes, on the continuous clock.
    package init(plan: StackPlan, runtime: RuntimeAddresses, logs: LogMultiplexer, options: Options = Options()) {
        self.init(
            plan: plan, runtime: runtime, logs: logs, options: options, clock: .continuous,
            processes: ChildProcessHost(logs: logs))
    }

    /// A supervisor whose runners sleep on `clock` and run their processes on `processes`.
    init(
        plan: StackPlan, runtime: RuntimeAddresses, logs: LogMultiplexer, options: Options, clock: RuntimeClock,
        processes: any ProcessHost
    ) {
        self.clock = clock
        self.processes = processes
        var plan = plan
        let injected = runtime.environment
        for index in plan.instances.indices { plan.instances[index].environment.apply(injected, origin: .injected) }
        plan.environment.apply(injected, origin: .injected)
        self.plan = plan
        self.runtime = runtime
        self.logs = logs
        self.options = options
        (events, eventSink) = AsyncStream.makeStream(of: Event.self)
        bookkeeping = SupervisorBookkeeping(instances: plan.instances)
        graph = DependencyGraph(instances: plan.instances)
        containers = ContainerSession(plan: plan, logs: logs)
    }

    /// Returns once the first batch of instances has been spawned (or has failed to), or the
    /// run is over: the moment the control API is worth bringing up.
    package func waitUntilLaunched() async {
        if launched { return }
        await withCheckedContinuation { launchWaiters.append($0) }
    }

    private func noteLaunchProgress() {
        // A container may build or pull its image for minutes: the control API does not wait for that.
        guard !launched,
            plan.instances.allSatisfy({ $0.isContainer || bookkeeping.states[$0.name] != .starting })
        else { return }
        releaseLaunchWaiters()
    }

    private func releaseLaunchWaiters() {
        launched = true
        launchWaiters.forEach { $0.resume() }
        launchWaiters.removeAll()
    }

    /// How many listeners follow the transitions (removed when their consumer goes away).
    var transitionListenerCount: Int { control.listeners.count }

    /// Whether someone stopped the stack (a signal, `down`, or the control API), as opposed to
    /// it ending by itself.
    package var wasStoppedOnRequest: Bool {
        switch bookkeeping.shutdown {
        case .signal?, .requested?: true
        default: false
        }
    }

    /// Asks every instance to stop gracefully; `run()` returns once they have.
    package nonisolated func requestShutdown() {
        eventSink.yield(.shutdown)
    }

    /// Starts every instance and returns when all have ended and leftovers are cleaned up.
    package func run() async throws {
        let runnerList = plan.instances.map { InstanceRunner(plan: $0, environment: runnerEnvironment()) }
        runners = Dictionary(uniqueKeysWithValues: runnerList.map { ($0.plan.name, $0) })
        if runnerList.isEmpty {
            releaseLaunchWaiters()
            logs.system("nothing to run: every service has 0 instances")
            return
        }
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for runner in runnerList {
                    group.addTask { await runner.run() }
                }
                advance()
                let clock = clock
                group.addTask {
                    // Once the stack has settled, start-up code (argument parsing, planning) is
                    // not needed again; a short run never gets here and re-faults nothing.
                    guard (try? await clock.sleep(for: .seconds(5))) != nil else { return }
                    _ = muster_release_startup_pages()
                }
                if options.handleSignals {
                    let sink = eventSink
                    group.addTask {
                        for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm, .sighup) {
                            sink.yield(.signal(signal))
                        }
                    }
                }
                await supervise()
                releaseLaunchWaiters()
                runnerList.forEach { $0.close() }
                control.finish()
                group.cancelAll()
            }
        } onGracefulShutdown: { [eventSink] in
            eventSink.yield(.shutdown)
        }
        await processes.reap(bookkeeping.lingeringGroups)
    }

    private func supervise() async {
        for await event in events {
            switch event {
            case .stateChanged(let instance, let state, let restarts):
                let previous = bookkeeping.states[instance.name]
                bookkeeping.record(instance, state: state, restarts: restarts)
                if previous != state { control.changed(instance, from: previous, to: state) }
                noteLaunchProgress()
                advance()
            case .finished(let instance, let outcome):
                if let decision = bookkeeping.finished(instance, outcome, abortOnExit: plan.abortOnExit) {
                    beginShutdown(because: decision)
                }
            case .lingering(let group):
                bookkeeping.lingeringGroups.insert(group)
            case .signal(let signal):
                handle(signal)
            case .listenerEnded(let id):
                control.listeners.remove(id)
            case .shutdown:
                beginShutdown(because: .requested)
            }
            // Instances the user stopped keep the stack up: they may be started again.
            if bookkeeping.allFinal, bookkeeping.shutdown != nil || control.userStopped.isEmpty { return }
        }
    }

    private func handle(_ signal: UnixSignal) {
        guard bookkeeping.shutdown != nil else {
            beginShutdown(because: .signal(signal))
            return
        }
        guard signal == .sigint || signal == .sigterm, !bookkeeping.forced else { return }
        bookkeeping.forced = true
        logs.system("received \(signal) again: killing every service now", level: .error)
        runners.values.forEach { $0.send(.kill) }
        bookkeeping.lingeringGroups.forEach { processes.signal(.kill, group: $0.id) }
    }

    private func beginShutdown(because reason: ShutdownReason) {
        guard bookkeeping.shutdown == nil else { return }
        bookkeeping.shutdown = reason
        containers.stopPreparing()
        logs.system(reason.announcement, level: reason.isFailure ? .error : .info)
        advance()
    }

    /// Starts what may start and blocks what never can; while shutting down, stops what no
    /// running instance depends on any more (so dependents stop before their dependencies).
    private func advance() {
        let progress = bookkeeping.progress
        if bookkeeping.shutdown != nil {
            let pending = progress.states.filter { $0.value == .pending }.map(\.key)
            for name in graph.stoppable(progress) + pending where stopsSent.insert(name).inserted {
                runners[name]?.send(.stop)
            }
            return
        }
        let decisions = graph.startDecisions(progress)
        for name in decisions.start {
            bookkeeping.record(name, state: .starting)
            runners[name]?.send(.start)
        }
        for (name, reason) in decisions.block {
            bookkeeping.record(name, state: .blocked(reason: reason))
            runners[name]?.send(.block(reason: reason))
        }
    }

    private nonisolated func runnerEnvironment() -> RunnerEnvironment<RuntimeClock> {
        let sink = eventSink
        let logs = logs
        return RunnerEnvironment(
            clock: clock, logs: logs, processes: processes, containers: containers,
            probeEventLoops: { MultiThreadedEventLoopGroup.singleton },
            announce: { instance, announcement in
                let line = StatusLine(instance: instance, announcement: announcement)
                logs.system(line.text, level: line.isError ? .error : .info)
            },
            observer: { sink.yield(.stateChanged($0, $1, restarts: $2)) },
            finished: { sink.yield(.finished($0, $1)) },
            lingering: { sink.yield(.lingering($0)) })
    }
}
