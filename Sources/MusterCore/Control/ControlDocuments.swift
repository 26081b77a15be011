/// One instance as the control API reports it (`GET /v1/services`).
public struct InstanceStatus: Codable, Sendable, Hashable {
    /// `web.1`.
    public var name: String
    /// `web`.
    public var service: String
    /// The name printed in logs: `web`, or `web.1` with replicas.
    public var displayName: String
    /// Its phase; in JSON `pending`, `starting`, `running`, `ready`, `unhealthy`, `stopping`,
    /// `backoff`, `stopped`, `completed`, `failed` or `blocked`.
    public var state: InstancePhase
    /// The pid of the current run, when it has one.
    public var pid: Int32?
    /// When the current run started, in seconds since 1970.
    public var startedAt: Double?
    /// Restarts since Muster started it.
    public var restarts: Int
    /// Its port, when it has one.
    public var port: Int?
    /// `ready`, `unhealthy` or `starting` for instances with a readiness check; nil otherwise.
    public var health: String?
    /// Why it failed, is blocked or unhealthy.
    public var reason: String?

    /// Creates a status.
    public init(
        name: String, service: String, displayName: String, state: InstancePhase, pid: Int32? = nil,
        startedAt: Double? = nil, restarts: Int = 0, port: Int? = nil, health: String? = nil, reason: String? = nil
    ) {
        self.name = name
        self.service = service
        self.displayName = displayName
        self.state = state
        self.pid = pid
        self.startedAt = startedAt
        self.restarts = restarts
        self.port = port
        self.health = health
        self.reason = reason
    }
}

/// The whole stack (`GET /v1/services`).
public struct StackStatus: Codable, Sendable, Hashable {
    /// The project name.
    public var project: String
    /// The stack file.
    public var file: String
    /// Muster's own pid.
    public var pid: Int32
    /// The control API's loopback URL (`MUSTER_API`).
    public var api: String
    /// Every instance, in file order.
    public var instances: [InstanceStatus]

    /// Creates a status.
    public init(project: String, file: String, pid: Int32, api: String, instances: [InstanceStatus]) {
        self.project = project
        self.file = file
        self.pid = pid
        self.api = api
        self.instances = instances
    }
}

/// One state change (`GET /v1/events`, as server-sent events named `state`).
public struct StateChange: Codable, Sendable, Hashable {
    /// `web.1`.
    public var instance: String
    /// `web`.
    public var service: String
    /// The new phase (see `InstanceStatus.state`).
    public var state: InstancePhase
    /// Why, for failed, blocked and unhealthy.
    public var reason: String?
    /// When, in seconds since 1970.
    public var time: Double

    /// The wire document of `transition`.
    package init(_ transition: InstanceTransition) {
        self.init(
            instance: transition.instance, service: transition.service, state: transition.new.phase,
            reason: transition.reason, time: transition.time)
    }

    /// Creates a change.
    public init(instance: String, service: String, state: InstancePhase, reason: String? = nil, time: Double) {
        self.instance = instance
        self.service = service
        self.state = state
        self.reason = reason
        self.time = time
    }
}

/// One line of a service's output (`GET /v1/logs`, one JSON document per line).
public struct LogEntry: Codable, Sendable, Hashable {
    /// The name it was printed under: `web` or `web.1`.
    public var instance: String
    /// `web`.
    public var service: String
    /// The line, without its newline.
    public var text: String
    /// When it was read, in seconds since 1970.
    public var time: Double

    /// Creates an entry.
    public init(instance: String, service: String, text: String, time: Double) {
        self.instance = instance
        self.service = service
        self.text = text
        self.time = time
    }
}

/// The body of every error answer: `{"error": "one sentence"}`.
public struct ControlErrorDocument: Codable, Sendable, Hashable {
    /// The sentence.
    public var error: String

    /// Creates a document.
    public init(error: String) { self.error = error }
}
