/// Checks that need every service at once: dependencies name real services, do not form cycles, wait only
/// for oneshot jobs to complete, and no two services claim one fixed port.
enum StackFileValidator {
    /// Throws the first problem, in file order.
    static func validate(_ services: [ParsedService]) throws(ConfigError) {
        let definitions = services.map(\.definition)
        try checkDependencies(definitions)
        try checkCycles(definitions)
        try checkPorts(services)
    }

    private static func checkDependencies(_ services: [ServiceDefinition]) throws(ConfigError) {
        let byName = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = services.map(\.name)
        for service in services {
            for dependency in service.dependsOn {
                let target = dependency.service
                if target == service.name {
                    throw failure(
                        "`\(target)` depends on itself; remove `\(target)` from its `depends_on`",
                        at: dependency.location)
                }
                guard let other = byName[target] else {
                    let hint = KeySuggestion.suggest(target, from: names).map { " (did you mean `\($0)`?)" } ?? ""
                    throw failure(
                        "`\(service.name)` depends on `\(target)`, which is not a service of this file\(hint); "
                            + "the services are \(names.joined(separator: ", "))", at: dependency.location)
                }
                if dependency.condition == .completedSuccessfully, !other.oneshot {
                    throw failure(
                        "`\(service.name)` waits for `\(target)` to complete successfully, but `\(target)` is not a "
                            + "oneshot job; add `oneshot: true` to `\(target)` or use another condition",
                        at: dependency.location)
                }
            }
        }
    }

    /// Depth-first search in file order; the first back edge closes a cycle.
    private static func checkCycles(_ services: [ServiceDefinition]) throws(ConfigError) {
        let byName = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var finished: Set<String> = []
        var path: [String] = []

        func visit(_ service: ServiceDefinition) throws(ConfigError) {
            path.append(service.name)
            for dependency in service.dependsOn {
                guard let next = byName[dependency.service], !finished.contains(next.name) else { continue }
                if let start = path.firstIndex(of: next.name) {
                    let cycle = (path[start...] + [next.name]).joined(separator: " -> ")
                    throw failure(
                        "the services depend on each other in a cycle: \(cycle); remove one of these dependencies",
                        at: dependency.location)
                }
                try visit(next)
            }
            path.removeLast()
            finished.insert(service.name)
        }

        for service in services where !finished.contains(service.name) {
            try visit(service)
        }
    }

    /// A fixed port with n replicas occupies port ... port + n - 1.
    private static func checkPorts(_ services: [ParsedService]) throws(ConfigError) {
        var claimed: [(service: ServiceDefinition, ports: ClosedRange<Int>)] = []
        for parsed in services {
            let service = parsed.definition
            guard case .fixed(let port) = service.port, service.replicas > 0 else { continue }
            let ports = port...(port + service.replicas - 1)
            if let earlier = claimed.first(where: { $0.ports.overlaps(ports) }) {
                let shared = max(earlier.ports.lowerBound, ports.lowerBound)
                throw failure(
                    "`\(earlier.service.name)` (\(describe(earlier.ports))) and `\(service.name)` (\(describe(ports))) "
                        + "both use port \(shared); give one of them another `port`", at: parsed.portLocation)
            }
            claimed.append((service, ports))
        }
    }

    private static func describe(_ ports: ClosedRange<Int>) -> String {
        ports.count == 1 ? "port \(ports.lowerBound)" : "ports \(ports.lowerBound)-\(ports.upperBound)"
    }

    private static func failure(_ message: String, at location: SourceLocation?) -> ConfigError {
        ConfigError(file: location?.file, line: location?.line, column: location?.column, message: message)
    }
}
