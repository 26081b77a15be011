/// A change of one check that its schedule follows, as the registry emits it, in write order.
/// Time and revision come with it: the schedule works from when the change was written, however
/// late it reads it, and names the revision in what it asks the registry to do.
struct CheckChange<Instant: InstantProtocol>: Sendable, Hashable where Instant.Duration == Duration {
    /// What happened to the check.
    enum Event: Sendable, Hashable {
        /// Registered, or registered again (keeping its status and output): the check as stored.
        case registered(RegistryCheck)
        /// Removed, alone or with its service.
        case removed
        /// A TTL update arrived: the TTL starts again.
        case ttlRenewed
        /// Its status or output was set, or a probe's result was recorded (even an unchanged one).
        case statusRecorded
        /// Its TTL ran out and it turned critical.
        case ttlExpired
    }

    /// `CheckID`.
    var checkID: String
    /// What happened.
    var event: Event
    /// The check's status after the change.
    var status: CheckStatus
    /// The check's revision after the change: a number that only grows, per registry.
    var revision: UInt64
    /// When the change was written.
    var at: Instant
}
