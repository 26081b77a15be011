import MusterNet

extension StackPlanner {
    /// A port on 127.0.0.1 that was free a moment ago, chosen as ``LoopbackPorts`` chooses: at
    /// random below the kernel's ephemeral range, so that outgoing connections and other
    /// programs' binds to port 0 cannot take it before the service binds it.
    package static func freeLoopbackPort() throws(ConfigError) -> Int {
        switch LoopbackPorts.freePort() {
        case .success(let port):
            return port
        case .failure(let failure):
            throw ConfigError(
                file: nil, line: nil,
                message:
                    "no free port could be reserved on 127.0.0.1 (\(failure.description)); give the service a fixed port: instead of auto"
            )
        }
    }

    /// Hands out instance ports: fixed ranges first (checked for overlaps), then free ports for `auto`
    /// that collide with nothing else in the stack.
    struct PortAllocator {
        /// How often a free-port source may repeat a port already in use before planning gives up.
        static let attempts = 20

        private let freePort: @Sendable () throws -> Int
        private let file: String
        private var owners: [Int: String] = [:]

        /// Reserves every fixed port of `services`; throws when a range leaves 1...65535 or two overlap.
        init(
            services: [ServiceDefinition], freePort: @escaping @Sendable () throws -> Int, file: String
        ) throws(ConfigError) {
            self.freePort = freePort
            self.file = file
            for service in services where service.replicas > 0 {
                guard case .fixed(let first) = service.port else { continue }
                for number in 1...service.replicas {
                    try reserve(first + number - 1, for: "\(service.name).\(number)", service: service)
                }
            }
        }

        /// One port (or nil) per instance of `service`, in instance order.
        mutating func assign(_ service: ServiceDefinition) throws(ConfigError) -> [Int?] {
            guard service.replicas > 0 else { return [] }
            switch service.port {
            case nil:
                return Array(repeating: nil, count: service.replicas)
            case .fixed(let first):
                return (0..<service.replicas).map { first + $0 }
            case .auto:
                var ports: [Int?] = []
                for number in 1...service.replicas {
                    ports.append(try pickFree(for: "\(service.name).\(number)", service: service))
                }
                return ports
            }
        }

        private mutating func pickFree(for instance: String, service: ServiceDefinition) throws(ConfigError) -> Int {
            for _ in 0..<Self.attempts {
                let port: Int
                do {
                    port = try freePort()
                } catch let error as ConfigError {
                    throw error
                } catch {
                    throw ConfigError(
                        file: nil, line: nil,
                        message:
                            "no free port could be found for \(instance) (\(error)); give the service \"\(service.name)\" a fixed port: instead of auto"
                    )
                }
                guard (1...65535).contains(port), owners[port] == nil else { continue }
                owners[port] = instance
                return port
            }
            throw ConfigError(
                file: service.location?.file ?? file, line: service.location?.line, column: service.location?.column,
                message:
                    "no free port unused by the rest of the stack could be found for \(instance) in \(Self.attempts) tries; give the service \"\(service.name)\" a fixed port: instead of auto"
            )
        }

        private mutating func reserve(_ port: Int, for instance: String, service: ServiceDefinition) throws(ConfigError)
        {
            let location = service.location
            guard (1...65535).contains(port) else {
                throw ConfigError(
                    file: location?.file ?? file, line: location?.line, column: location?.column,
                    message:
                        "\(instance) would get port \(port), outside 1-65535; choose a lower port: or fewer replicas for \"\(service.name)\""
                )
            }
            if let owner = owners[port] {
                throw ConfigError(
                    file: location?.file ?? file, line: location?.line, column: location?.column,
                    message:
                        "\(owner) and \(instance) would both get port \(port); move one service to another port: (replica n gets port + n - 1)"
                )
            }
            owners[port] = instance
        }
    }
}
