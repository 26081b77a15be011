import MusterCore
import Synchronization

/// The process session of every running instance of a stack, by session id: how the registry
/// tells which instance made a request. The registrar keeps it from the supervisor's
/// transitions; the registrant locator reads it.
final class InstanceSessions: Sendable {
    private let sessions = Mutex<[Int32: String]>([:])

    /// An empty table.
    init() {}

    /// Instance name by session id (the pid of the instance's process, which leads its session).
    var current: [Int32: String] { sessions.withLock { $0 } }

    /// Follows `transition`: a running process is listed, an ended one forgotten.
    func record(_ transition: InstanceTransition) {
        sessions.withLock { sessions in
            if let old = transition.old?.pid, old != transition.new.pid { sessions.removeValue(forKey: old) }
            if let pid = transition.new.pid { sessions[pid] = transition.instance }
        }
    }
}
