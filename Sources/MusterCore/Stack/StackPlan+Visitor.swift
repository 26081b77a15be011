extension StackPlan {
    /// What a command run beside the stack sees (`muster test`'s command): the stack's
    /// environment and every service's address, as a service named `visitor` would get them,
    /// less the variables of an instance of its own.
    package func visitorEnvironment(named visitor: String) -> [String: String] {
        var environment = self.environment
        let guest = InstancePlan(
            service: visitor, number: 1, replicas: 1, command: .exec([]), workingDirectory: nil, port: nil,
            environment: ResolvedEnvironment(), restart: .no, stopSignal: .terminate, stopGracePeriod: .zero,
            exitOnFailure: false)
        environment.apply(
            InjectedEnvironment(project: project, instances: instances).variables(for: guest), origin: .injected)
        return environment.values
    }
}
