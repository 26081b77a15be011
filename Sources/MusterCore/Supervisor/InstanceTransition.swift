/// One change of an instance's state, as the supervisor saw it: what the control API's events,
/// the registrar and `muster test` follow.
package struct InstanceTransition: Sendable, Hashable {
    /// `web.1`.
    package var instance: String
    /// `web`.
    package var service: String
    /// The state before, nil for the first one an observer hears of.
    package var old: InstanceState?
    /// The state now.
    package var new: InstanceState
    /// When, in seconds since 1970.
    package var time: Double

    /// Creates a transition.
    package init(instance: String, service: String, old: InstanceState?, new: InstanceState, time: Double) {
        self.instance = instance
        self.service = service
        self.old = old
        self.new = new
        self.time = time
    }

    /// Why, for failed, blocked and unhealthy.
    package var reason: String? { new.reason }
}
