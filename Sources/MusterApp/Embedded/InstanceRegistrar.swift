import MusterCore
import MusterRegistry
import ServiceLifecycle

/// Keeps the registry in step with the lifecycle engine (design §3, §5): every instance with
/// `register` is listed as `<service>-<n>` with a check that follows its real state (critical
/// until ready, passing while ready, critical at once when it stops or crashes), and is removed
/// when it stops for good. Services that an instance's processes registered themselves through
/// the API are removed whenever that instance's process ends.
struct InstanceRegistrar: Service, CustomStringConvertible {
    /// Where an instance stands in the registry.
    enum Listing: Equatable {
        /// Listed, its check with this status and output.
        case listed(CheckStatus, String)
        /// Not listed: it stopped for good (until started again).
        case unlisted
    }

    let registry: Registry
    let project: String
    /// The instances to register, by name.
    let instances: [String: InstancePlan]
    let changes: AsyncStream<InstanceTransition>
    /// Where it notes which instance runs which process session, for the registrant locator.
    let sessions: InstanceSessions?

    init(
        registry: Registry, project: String, instances: [InstancePlan], changes: AsyncStream<InstanceTransition>,
        sessions: InstanceSessions? = nil
    ) {
        self.registry = registry
        self.project = project
        self.instances = Dictionary(instances.filter(\.register).map { ($0.name, $0) }) { first, _ in first }
        self.changes = changes
        self.sessions = sessions
    }

    /// A short name: ServiceLifecycle describes each service of a group when it is configured,
    /// and the default reflection of every instance plan cost about 1 ms per instance at start-up.
    var description: String { "InstanceRegistrar(\(instances.count) instances)" }

    func run() async {
        for instance in instances.values.sorted(by: { $0.name < $1.name }) {
            await list(instance, Self.listing(.pending, of: instance), wasListed: false)
        }
        await cancelWhenGracefulShutdown { await follow() }
        // The stream ends with the supervisor's run, before the group reaches this service in
        // its reverse-order shutdown: ending now would count as an unexpected exit.
        try? await gracefulShutdown()
    }

    /// Applies every state change until the supervisor ends the stream.
    private func follow() async {
        var listed = Set(instances.keys)
        for await change in changes {
            sessions?.record(change)
            if change.new.processHasEnded {
                await registry.deregisterServices(ownedBy: change.instance)
            }
            guard let instance = instances[change.instance] else { continue }
            let listing = Self.listing(change.new, of: instance)
            await list(instance, listing, wasListed: listed.contains(instance.name))
            if listing == .unlisted { listed.remove(instance.name) } else { listed.insert(instance.name) }
        }
    }

    /// How an instance in `state` is listed.
    static func listing(_ state: InstanceState, of instance: InstancePlan) -> Listing {
        let name = instance.name
        switch state {
        case .ready: return .listed(.passing, "\(name) is ready")
        case .running where instance.readiness == .running: return .listed(.passing, "\(name) is running")
        case .running: return .listed(.critical, "\(name) is running but not ready yet")
        case .unhealthy(_, let reason):
            return .listed(.critical, "\(name) is unhealthy: \(reason.isEmpty ? "its health check fails" : reason)")
        case .starting: return .listed(.critical, "\(name) is starting")
        case .stopping: return .listed(.critical, "\(name) is stopping")
        case .backoff: return .listed(.critical, "\(name) exited and restarts soon")
        case .pending: return .listed(.critical, "\(name) has not started yet")
        case .stopped, .completed, .failed, .blocked: return .unlisted
        }
    }

    /// The registry entry of `instance`: ID `<service>-<n>`, its port, Muster's metadata.
    static func service(for instance: InstancePlan, project: String) -> ServiceInstance {
        var service = ServiceInstance(id: "\(instance.service)-\(instance.number)", name: instance.service)
        service.address = "127.0.0.1"
        service.port = instance.port ?? 0
        service.meta = [
            "muster_project": project, "muster_instance": instance.name, "muster_service": instance.service,
        ]
        return service
    }

    private func list(_ instance: InstancePlan, _ listing: Listing, wasListed: Bool) async {
        let service = Self.service(for: instance, project: project)
        let checkID = "service:\(service.id)"
        guard case .listed(let status, let output) = listing else {
            if wasListed { try? await registry.deregister(service: service.id) }
            return
        }
        if !wasListed {
            var check = RegistryCheck(id: checkID, name: "Muster: \(instance.name)", kind: .muster)
            check.notes = "Follows the instance's state in Muster: passing while it is ready."
            check.serviceID = service.id
            await registry.register(service, checks: [check])
        }
        await registry.setStatus(ofCheck: checkID, to: status, output: output)
    }
}
