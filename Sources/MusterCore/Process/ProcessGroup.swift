#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A process group led by a child Muster spawned (its id is the leader's pid).
package struct ProcessGroup: Sendable, Hashable {
    /// The group id.
    package var id: Int32

    /// Wraps a group id.
    package init(id: Int32) { self.id = id }

    /// Sends `signal` to every process of the group; false when the group no longer exists.
    @discardableResult
    package func send(_ signal: ProcessSignal) -> Bool {
        kill(-id, signal.rawValue) == 0
    }

    /// Whether any process of the group is still alive (zombies awaiting reaping count).
    package var isAlive: Bool {
        kill(-id, 0) == 0 || errno == EPERM
    }
}
