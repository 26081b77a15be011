/// One change of an instance's state, as the supervisor saw it: what the control API's events,
/// the registrar and `muster test` follow.
public struct InstanceTransition: Sendable, Hashable {
    /// `web.1`.
    public var instance: String
    /// `web`.
    public var service: String
    /// The state before, nil for the first one an observer hears of.
    public var old: InstanceState?
    /// The state now.
    public var new: InstanceState
    /// When, in seconds since 1970.
    public var time: Double

    /// Creates a transition.
    public init(instance: String, service: String, old: InstanceState?, new: InstanceState, time: Double) {
        self.instance = instance
        self.service = service
        self.old = old
        self.new = new
        self.time = time
    }

    /// Why, for failed, blocked and unhealthy.
    public var reason: String? { new.reason }
}
