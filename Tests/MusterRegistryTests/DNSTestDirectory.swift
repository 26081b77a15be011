import MusterNet
import MusterRegistry
import Synchronization

/// An in-memory `DNSServiceDirectory` for tests, implementing the protocol's contract: names and
/// tags compared case-insensitively, instances with a critical check left out.
final class DNSTestDirectory: DNSServiceDirectory {
    struct Entry {
        var service: String
        var tags: [String]
        var instance: DNSServiceInstance
        var isCritical: Bool
    }

    let datacenter: String
    private let entries = Mutex<[Entry]>([])
    private let nodes = Mutex<[DNSNode]>([])

    init(datacenter: String = "dc1") {
        self.datacenter = datacenter
    }

    /// Registers an instance of `service` (and its node).
    func add(
        _ service: String, tags: [String] = [], address: String = "127.0.0.1", port: Int,
        node: DNSNode = DNSNode(name: "muster", address: "127.0.0.1"), isCritical: Bool = false,
        isWarning: Bool = false, weights: (passing: Int, warning: Int) = (1, 1)
    ) {
        let instance = DNSServiceInstance(
            node: node, serviceAddress: address, port: port, isWarning: isWarning, passingWeight: weights.passing,
            warningWeight: weights.warning)
        entries.withLock { $0.append(Entry(service: service, tags: tags, instance: instance, isCritical: isCritical)) }
        nodes.withLock { nodes in
            if !nodes.contains(node) { nodes.append(node) }
        }
    }

    func healthyInstances(of service: String, tag: String?) async -> [DNSServiceInstance] {
        entries.withLock { entries in
            entries.filter { entry in
                entry.service.lowercased() == service.lowercased() && !entry.isCritical
                    && (tag.map { tag in entry.tags.contains { $0.lowercased() == tag.lowercased() } } ?? true)
            }.map(\.instance)
        }
    }

    func node(named name: String) async -> DNSNode? {
        nodes.withLock { $0.first { $0.name.lowercased() == name.lowercased() } }
    }
}
