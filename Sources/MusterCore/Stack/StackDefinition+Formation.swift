extension StackDefinition {
    /// The stack with `-m` applied, as `docker compose up --scale`: each service the formation
    /// names (every service, for `all=N`) gets that many replicas instead of its `replicas:`.
    func scaled(by formation: Formation) throws(ConfigError) -> StackDefinition {
        guard formation != .default else { return self }
        try formation.validate(services: services.map(\.name), file: file)
        var scaled = self
        for index in scaled.services.indices {
            if let count = formation.counts[services[index].name] ?? formation.all {
                scaled.services[index].replicas = count
            }
        }
        return scaled
    }
}
