import MusterCore

@testable import MusterApp

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stand-in for the supervisor behind the control API: canned instances, a ring of log lines
/// and streams the test pushes into.
actor ControlTestPlane: ControlPlane {
    /// The instances `status()` reports.
    var instances: [InstanceStatus] = [
        InstanceStatus(name: "web.1", service: "web", displayName: "web", state: .running, pid: 101, port: 5000),
        InstanceStatus(name: "worker.1", service: "worker", displayName: "worker.1", state: .running, pid: 102),
        InstanceStatus(name: "worker.2", service: "worker", displayName: "worker.2", state: .backoff, restarts: 2),
    ]
    /// Every kept log line, oldest first.
    private(set) var kept: [LogEntry] = []
    /// Every restart/stop/start request, as `verb pattern…`.
    private(set) var requests: [String] = []
    /// How many times `shutdown()` was called.
    private(set) var shutdowns = 0
    private var logFollowers: [Int: (services: [String], sink: AsyncStream<LogEntry>.Continuation)] = [:]
    private var changeFollowers: [Int: AsyncStream<InstanceTransition>.Continuation] = [:]
    private var nextFollower = 0

    /// The configuration `configuration()` returns.
    nonisolated let configurationJSON = #"{"project":"demo","services":["web","worker"]}"#

    /// How many `followLogs` streams are open.
    var logFollowerCount: Int { logFollowers.count }
    /// How many `transitions` streams are open.
    var changeFollowerCount: Int { changeFollowers.count }

    func status() -> StackStatus {
        StackStatus(project: "demo", file: "Procfile", pid: 42, api: "http://127.0.0.1:7700", instances: instances)
    }

    func restart(_ patterns: [String]) throws(ControlError) -> [InstanceStatus] { try act("restart", patterns) }
    func stop(_ patterns: [String]) throws(ControlError) -> [InstanceStatus] { try act("stop", patterns) }
    func start(_ patterns: [String]) throws(ControlError) -> [InstanceStatus] { try act("start", patterns) }

    func transitions() -> AsyncStream<InstanceTransition> {
        let (stream, sink) = AsyncStream.makeStream(of: InstanceTransition.self)
        let id = nextFollower
        nextFollower += 1
        changeFollowers[id] = sink
        sink.onTermination = { _ in Task { await self.dropChangeFollower(id) } }
        return stream
    }

    func logs(services: [String], tail: Int?) throws(ControlError) -> [LogEntry] {
        try checkServices(services)
        let matching = kept.filter { services.isEmpty || services.contains($0.service) }
        return tail.map { Array(matching.suffix($0)) } ?? matching
    }

    func followLogs(services: [String]) throws(ControlError) -> AsyncStream<LogEntry> {
        try checkServices(services)
        let (stream, sink) = AsyncStream.makeStream(of: LogEntry.self)
        let id = nextFollower
        nextFollower += 1
        logFollowers[id] = (services, sink)
        sink.onTermination = { _ in Task { await self.dropLogFollower(id) } }
        return stream
    }

    func shutdown() {
        shutdowns += 1
    }

    func configuration() -> String { configurationJSON }

    func sharedEnvironment() -> [String: String] { ["MUSTER_API": "http://127.0.0.1:7700"] }

    /// Keeps `entry` and sends it to every follower of its service.
    func push(_ entry: LogEntry) {
        kept.append(entry)
        for follower in logFollowers.values where follower.services.isEmpty || follower.services.contains(entry.service)
        {
            follower.sink.yield(entry)
        }
    }

    /// Sends `change` to every state-change follower.
    func push(_ change: InstanceTransition) {
        for sink in changeFollowers.values { sink.yield(change) }
    }

    /// Ends every stream, as a stopping stack does.
    func finishStreams() {
        for follower in logFollowers.values { follower.sink.finish() }
        for sink in changeFollowers.values { sink.finish() }
    }

    private func act(_ verb: String, _ patterns: [String]) throws(ControlError) -> [InstanceStatus] {
        requests.append(([verb] + patterns).joined(separator: " "))
        let matching = instances.filter { instance in
            patterns.contains { fnmatch($0, instance.service, 0) == 0 || fnmatch($0, instance.name, 0) == 0 }
        }
        guard !matching.isEmpty else {
            throw ControlError(status: 404, message: "no service matches '\(patterns.joined(separator: " "))'")
        }
        return matching
    }

    private func checkServices(_ services: [String]) throws(ControlError) {
        for service in services where !instances.contains(where: { $0.service == service }) {
            throw ControlError(status: 404, message: "there is no service called '\(service)'")
        }
    }

    private func dropLogFollower(_ id: Int) { logFollowers[id] = nil }
    private func dropChangeFollower(_ id: Int) { changeFollowers[id] = nil }
}
