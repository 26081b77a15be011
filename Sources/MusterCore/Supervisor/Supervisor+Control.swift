#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The control API's view of the supervisor (design §6).
extension Supervisor: ControlPlane {
    /// The stack's project, file, pid, control API and every instance's state.
    package func status() async -> StackStatus {
        StackStatus(
            project: plan.project, file: plan.file, pid: getpid(), api: runtime.controlAPI,
            instances: plan.instances.map(instanceStatus))
    }

    /// Restarts the instances matching `patterns` and returns their status.
    package func restart(_ patterns: [String]) async throws(ControlError) -> [InstanceStatus] {
        try act(on: patterns) { name in
            control.userStopped.remove(name)
            runners[name]?.send(.restart)
        }
    }

    /// Stops the instances matching `patterns` (they stay stopped) and returns their status.
    package func stop(_ patterns: [String]) async throws(ControlError) -> [InstanceStatus] {
        try act(on: patterns) { name in
            control.userStopped.insert(name)
            stopsSent.remove(name)
            runners[name]?.send(.stop)
        }
    }

    /// Starts the stopped instances matching `patterns` and returns their status.
    package func start(_ patterns: [String]) async throws(ControlError) -> [InstanceStatus] {
        try act(on: patterns) { name in
            control.userStopped.remove(name)
            runners[name]?.send(.start)
        }
    }

    /// A stream of every instance's state changes from now on.
    package func transitions() async -> AsyncStream<InstanceTransition> {
        let sink = eventSink
        return control.listeners.subscribe { id in sink.yield(.listenerEnded(id)) }
    }

    /// The last `tail` lines (all kept when nil) of `services` (all when empty), oldest first.
    package func logs(services: [String], tail: Int?) async throws(ControlError) -> [LogEntry] {
        let names = try logServices(services)
        let lines = names.flatMap { service in
            logs.recentLines(of: service, limit: tail).map { LogEntry(service: service, line: $0) }
        }
        let ordered = lines.sorted { $0.time < $1.time }
        return tail.map { Array(ordered.suffix($0)) } ?? ordered
    }

    /// A stream of the log lines of `services` (all when empty) from now on.
    package func followLogs(services: [String]) async throws(ControlError) -> AsyncStream<LogEntry> {
        logs.follow(services: services.isEmpty ? [] : try logServices(services))
    }

    /// Stops the whole stack gracefully; returns at once.
    package func shutdown() async {
        requestShutdown()
    }

    /// The resolved plan as JSON (`{}` when it cannot be encoded).
    package func configuration() async -> String {
        (try? ConfigExplanation.json(plan)) ?? "{}"
    }

    /// `MUSTER_API` and the embedded broker's and registry's addresses, added to every service's environment.
    package func sharedEnvironment() async -> [String: String] {
        runtime.environment
    }

    /// Resolves `patterns` to instance names and applies `action` to each; 404 when one matches nothing.
    private func act(on patterns: [String], _ action: (String) -> Void) throws(ControlError) -> [InstanceStatus] {
        guard bookkeeping.shutdown == nil else {
            throw ControlError(status: 409, message: "the stack is shutting down; start it again with `muster start`")
        }
        var matched: [InstancePlan] = []
        for pattern in patterns {
            let found = plan.instances.filter { NamePattern(pattern).matches($0) }
            guard !found.isEmpty else {
                throw ControlError(
                    status: 404,
                    message:
                        "no service or instance matches \"\(pattern)\"; the services are \(plan.serviceNames.joined(separator: ", "))"
                )
            }
            matched += found.filter { candidate in !matched.contains { $0.name == candidate.name } }
        }
        matched.forEach { action($0.name) }
        return matched.map(instanceStatus)
    }

    private func logServices(_ services: [String]) throws(ControlError) -> [String] {
        if services.isEmpty { return plan.serviceNames + ["muster"] }
        let known = Set(plan.serviceNames + ["muster"])
        if let unknown = services.first(where: { !known.contains($0) }) {
            throw ControlError(
                status: 404,
                message:
                    "there is no service \"\(unknown)\"; the services are \(plan.serviceNames.joined(separator: ", "))")
        }
        return services
    }

    private func instanceStatus(_ instance: InstancePlan) -> InstanceStatus {
        let state = bookkeeping.states[instance.name] ?? .pending
        return InstanceStatus(
            name: instance.name, service: instance.service, displayName: instance.displayName,
            state: state.phase, pid: state.pid, startedAt: control.startedAt[instance.name],
            restarts: bookkeeping.restarts[instance.name] ?? 0, port: instance.port,
            health: health(instance, state), reason: state.reason)
    }

    private func health(_ instance: InstancePlan, _ state: InstanceState) -> String? {
        guard instance.readiness != .running else { return nil }
        switch state {
        case .ready: return "ready"
        case .unhealthy: return "unhealthy"
        case .running, .starting: return "starting"
        default: return nil
        }
    }
}

/// A service or instance name, or a glob of one (`web*`, `api.?`).
struct NamePattern {
    let pattern: String

    init(_ pattern: String) { self.pattern = pattern }

    func matches(_ instance: InstancePlan) -> Bool {
        let candidates: [String] = [instance.service, instance.name, instance.displayName]
        return candidates.contains { (name: String) -> Bool in fnmatch(pattern, name, 0) == 0 }
    }
}
