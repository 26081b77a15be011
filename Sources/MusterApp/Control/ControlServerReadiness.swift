import MusterCore
import Synchronization

/// Tells waiters the TCP port once both control listeners are bound, or why they never will be.
final class ControlServerReadiness: Sendable {
    private struct State {
        var unixSocketBound = false
        var port: Int?
        var outcome: Result<Int, ControlError>?
        var waiters: [CheckedContinuation<Result<Int, ControlError>, Never>] = []
    }

    private let state = Mutex(State())

    /// Notes that the unix socket listens.
    func unixSocketBound() {
        settleIfReady { $0.unixSocketBound = true }
    }

    /// Notes that TCP listens on `port`.
    func tcpBound(port: Int) {
        settleIfReady { $0.port = port }
    }

    /// Whether TCP listens.
    var isTCPBound: Bool { state.withLock { $0.port != nil } }

    /// Notes that the server will not (or no longer) listen, because of `error`.
    func fail(_ error: ControlError) {
        settle(.failure(error))
    }

    /// The TCP port once both listeners are bound; throws when the server failed or stopped first.
    func port() async throws(ControlError) -> Int {
        let result = await withCheckedContinuation { continuation in
            let known: Result<Int, ControlError>? = state.withLock { state in
                if let outcome = state.outcome { return outcome }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
        return try result.get()
    }

    private func settleIfReady(_ change: (inout State) -> Void) {
        let ready: Int? = state.withLock { state in
            change(&state)
            return state.unixSocketBound ? state.port : nil
        }
        if let ready { settle(.success(ready)) }
    }

    /// Records `outcome` (a failure replaces an earlier success) and wakes every waiter.
    private func settle(_ outcome: Result<Int, ControlError>) {
        let (waiters, settled) = state.withLock { state in
            switch (state.outcome, outcome) {
            case (nil, _), (.success, .failure): state.outcome = outcome
            default: break
            }
            let waiters = state.waiters
            state.waiters = []
            return (waiters, state.outcome ?? outcome)
        }
        for waiter in waiters { waiter.resume(returning: settled) }
    }
}
