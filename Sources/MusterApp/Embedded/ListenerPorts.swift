import MusterCore

/// The ports of an embedded component's listeners (the broker's, the registry's): the ones the
/// stack asks for, and the line Muster prints once they are bound (a taken one is replaced, design §5).
struct ListenerPorts: Sendable {
    /// How the line names each listener (`TCP`, `HTTP`, `lookupd`, `DNS`).
    let labels: [String]
    /// The ports asked for, in listener order.
    let preferred: [Int]

    /// The ports for `wanted` listeners, in order.
    init(_ wanted: [(label: String, port: Int)]) {
        labels = wanted.map(\.label)
        preferred = wanted.map(\.port)
    }

    /// `<component> on 127.0.0.1: <label> <port>, …` for the `bound` ports, naming each preferred
    /// port that was not bound as taken (by `likelyTaker`, a guess such as "a real nsqd").
    func announcement(_ component: String, bound: [Int], likelyTaker: String) -> String {
        let moved = zip(preferred, bound).filter { $0.0 != 0 && $0.0 != $0.1 }.map { "\($0.0)" }
        let note =
            moved.isEmpty
            ? "" : "; port \(moved.joined(separator: ", ")) taken (\(likelyTaker)?), so free ones are used"
        let listing = zip(labels, bound).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        return "\(component) on 127.0.0.1: \(listing)\(note)"
    }
}
