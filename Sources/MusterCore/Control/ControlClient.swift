import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A client of a running Muster's control API over its unix socket: what the CLI's `status`,
/// `restart`, `stop`, `start-service`, `logs`, `down` and `wait` use.
///
/// Every call opens its own connection; streams close theirs when their consumer stops (drops
/// its iterator or is cancelled). The streaming calls return once the server has subscribed,
/// so nothing that happens after they return is missed. Non-2xx answers throw ``ControlError``
/// with the answer's status and sentence.
public struct ControlClient: Sendable {
    /// The unix socket it talks to.
    public let socketPath: String
    /// The project directory, when known, for error messages.
    public let projectDirectory: String?
    let eventLoopGroup: any EventLoopGroup

    /// The client of the Muster running for `projectDirectory`; throws ControlError(503, "no muster is
    /// running for <dir>; start one with `muster start`") when the socket does not exist or refuses connections.
    public static func connect(
        projectDirectory: String, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(ControlError) -> ControlClient {
        let path = try ControlSocketLocation.socketPath(forProjectDirectory: projectDirectory)
        guard await ControlSocketProbe.probe(path, eventLoopGroup: eventLoopGroup) == .answering else {
            throw ControlError(
                status: 503, message: "no muster is running for \(projectDirectory); start one with `muster start`")
        }
        return ControlClient(socketPath: path, projectDirectory: projectDirectory, eventLoopGroup: eventLoopGroup)
    }

    /// A client of the control API listening on `socketPath`.
    public init(socketPath: String, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.init(socketPath: socketPath, projectDirectory: nil, eventLoopGroup: eventLoopGroup)
    }

    init(socketPath: String, projectDirectory: String?, eventLoopGroup: any EventLoopGroup) {
        self.socketPath = socketPath
        self.projectDirectory = projectDirectory
        self.eventLoopGroup = eventLoopGroup
    }

    /// Every instance's state (`GET /v1/services`).
    public func status() async throws(ControlError) -> StackStatus {
        try await document(.GET, "/v1/services")
    }

    /// The instances of the service or the instance called `name` (`GET /v1/services/{name}`).
    public func instances(of name: String) async throws(ControlError) -> [InstanceStatus] {
        try await document(.GET, "/v1/services/\(Self.pathEncoded(name))")
    }

    /// Restarts the instances matching `name` (a service, an instance or a glob such as `web*`).
    public func restart(_ name: String) async throws(ControlError) -> [InstanceStatus] {
        try await document(.POST, "/v1/services/\(Self.pathEncoded(name))/restart")
    }

    /// Stops the instances matching `name`; they stay stopped until started.
    public func stop(_ name: String) async throws(ControlError) -> [InstanceStatus] {
        try await document(.POST, "/v1/services/\(Self.pathEncoded(name))/stop")
    }

    /// Starts the instances matching `name` that are not running.
    public func start(_ name: String) async throws(ControlError) -> [InstanceStatus] {
        try await document(.POST, "/v1/services/\(Self.pathEncoded(name))/start")
    }

    /// The last `tail` lines (all kept when nil) of `services` (all when empty), then with `follow`
    /// every new line until the stream is dropped or Muster stops. With `follow`, a line printed
    /// just as the request is taken may come twice.
    public func logs(
        services: [String], tail: Int?, follow: Bool
    ) async throws(ControlError) -> ControlStream<LogEntry> {
        var query = services.map { "service=\(Self.queryEncoded($0))" }
        if let tail { query.append("tail=\(tail)") }
        if follow { query.append("follow=true") }
        let target = "/v1/logs" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        return try await exchange(.GET, target, framer: .jsonLines)
    }

    /// State changes from now on (`GET /v1/events`), until the stream is dropped or Muster stops.
    public func stateChanges() async throws(ControlError) -> ControlStream<StateChange> {
        try await exchange(.GET, "/v1/events", framer: .serverSentEvents(named: "state"))
    }

    /// Asks Muster to stop the whole stack; returns once the request is accepted.
    public func shutdown() async throws(ControlError) {
        _ = try await body(.POST, "/v1/shutdown")
    }

    /// The resolved configuration as JSON (`GET /v1/config`).
    public func configuration() async throws(ControlError) -> String {
        String(decoding: try await body(.GET, "/v1/config"), as: UTF8.self)
    }

    /// What Muster adds to every service's environment: `MUSTER_API`, the broker's and the
    /// registry's addresses (`GET /v1/environment`).
    public func sharedEnvironment() async throws(ControlError) -> [String: String] {
        try await document(.GET, "/v1/environment")
    }

    /// The answer to `method target` decoded as `T`.
    private func document<T: Decodable>(_ method: HTTPMethod, _ target: String) async throws(ControlError) -> T {
        let bytes = try await body(method, target)
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw ControlError(
                status: 502,
                message: "the control API answered \(method) \(target) with a document Muster cannot read: \(error)")
        }
    }
}
