/// Where the runtime around a stack listens, known before any instance starts: the control API
/// and, when they run, the embedded broker and registry. The composition root binds every
/// listener first, makes this value, and creates the supervisor from the plan and it.
package struct RuntimeAddresses: Sendable, Hashable {
    /// The control API's loopback URL (`MUSTER_API`).
    package var controlAPI: String
    /// The broker's and the registry's variables (`NSQD_TCP_ADDRESS`, `CONSUL_HTTP_ADDR` ...).
    package var components: [String: String]

    /// Addresses of a runtime whose control API is at `controlAPI`.
    package init(controlAPI: String, components: [String: String] = [:]) {
        self.controlAPI = controlAPI
        self.components = components
    }

    /// What every instance, and every command run beside the stack, is told (design §5).
    package var environment: [String: String] {
        components.merging(["MUSTER_API": controlAPI]) { $1 }
    }
}
