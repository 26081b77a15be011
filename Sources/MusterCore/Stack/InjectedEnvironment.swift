/// The variables Muster injects into every instance (design §5).
enum InjectedEnvironment {
    /// Defaults set for every child unless anything else sets them.
    static let defaults = ["PYTHONUNBUFFERED": "1"]

    /// PORT, PS, MUSTER_* and the addresses of every other service that has a port.
    static func variables(for instance: InstancePlan, project: String, peers: [InstancePlan]) -> [String: String] {
        var result = [
            "PS": instance.name,
            "MUSTER_SERVICE": instance.service,
            "MUSTER_INSTANCE": String(instance.number),
            "MUSTER_PROJECT": project,
        ]
        if let port = instance.port { result["PORT"] = String(port) }
        for peer in peers where peer.service != instance.service {
            guard let port = peer.port else { continue }
            let key = environmentName(peer.service)
            if peer.number == 1 {
                result["\(key)_HOST"] = "127.0.0.1"
                result["\(key)_PORT"] = String(port)
                result["\(key)_URL"] = "http://127.0.0.1:\(port)"
            }
            result["services__\(peer.service)__http__\(peer.number - 1)"] = "http://127.0.0.1:\(port)"
        }
        return result
    }

    /// A service name as an environment variable prefix: upper-cased, non-alphanumerics as `_`.
    static func environmentName(_ service: String) -> String {
        String(service.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}
