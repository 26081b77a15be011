/// The variables Muster injects into every instance of a stack (design §5). Each service's
/// announcement to the others is computed once, so planning stays linear in the peer count.
struct InjectedEnvironment {
    /// Defaults set for every child unless anything else sets them.
    static let defaults = ["PYTHONUNBUFFERED": "1"]

    private let project: String
    /// For each service with a port, in file order: the variables that tell the others where it is.
    private let announcements: [(service: String, variables: [String: String])]

    /// Prepares the variables of a stack whose instances are `instances`.
    init(project: String, instances: [InstancePlan]) {
        self.project = project
        var announcements: [(service: String, variables: [String: String])] = []
        for peer in instances {
            guard let port = peer.port else { continue }
            if announcements.last?.service != peer.service {
                announcements.append((peer.service, [:]))
            }
            let url = "http://127.0.0.1:\(port)"
            if peer.number == 1 {
                let key = Self.environmentName(peer.service)
                announcements[announcements.count - 1].variables["\(key)_HOST"] = "127.0.0.1"
                announcements[announcements.count - 1].variables["\(key)_PORT"] = String(port)
                announcements[announcements.count - 1].variables["\(key)_URL"] = url
            }
            announcements[announcements.count - 1].variables["services__\(peer.service)__http__\(peer.number - 1)"] =
                url
        }
        self.announcements = announcements
    }

    /// PORT, PS, MUSTER_* and the addresses of every other service that has a port.
    func variables(for instance: InstancePlan) -> [String: String] {
        var result = [
            "PS": instance.name,
            "MUSTER_SERVICE": instance.service,
            "MUSTER_INSTANCE": String(instance.number),
            "MUSTER_PROJECT": project,
        ]
        if let port = instance.port { result["PORT"] = String(port) }
        for announcement in announcements where announcement.service != instance.service {
            result.merge(announcement.variables) { _, new in new }
        }
        return result
    }

    /// A service name as an environment variable prefix: upper-cased, non-alphanumerics as `_`.
    static func environmentName(_ service: String) -> String {
        String(service.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}
