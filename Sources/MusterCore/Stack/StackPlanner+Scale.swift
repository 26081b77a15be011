extension StackPlanner {
    /// The most instances a stack may have: the process watchdog guards this many groups, and an
    /// instance it could not guard might outlive a killed Muster (design §3).
    static let maximumInstances = 8192
    /// Past this many replicas of one service, `muster check` and `muster start` say so.
    static let replicaWarningThreshold = 500

    /// Refuses a stack with more instances than Muster can guard; returns a warning for each
    /// service with more replicas than anyone usually runs on one machine.
    static func checkScale(_ services: [ServiceDefinition], file: String) throws(ConfigError) -> [String] {
        let total = services.reduce(0) { $0 + $1.replicas }
        guard total <= maximumInstances else {
            throw ConfigError(
                file: file, line: nil,
                message:
                    "the stack asks for \(total) instances, and Muster can guard at most \(maximumInstances) "
                    + "(its watchdog stops every one if Muster dies); lower the replicas or -m counts")
        }
        return services.filter { $0.replicas > replicaWarningThreshold }.map { service in
            "\(service.name) has \(service.replicas) replicas, over \(replicaWarningThreshold): each is a process "
                + "(or container) of its own on this machine; lower replicas if that is not meant"
        }
    }
}
