import Synchronization

/// The bound port of a listener, awaited by callers of `boundPort()` until `run()` binds or fails.
public final class PortReadiness: Sendable {
    /// A readiness that is still waiting.
    public init() {}

    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case bound(Int)
        case failed(any Error)
    }

    private let state = Mutex<State>(.waiting([]))

    /// Whether the listener has been bound.
    public var isBound: Bool {
        state.withLock { state in
            if case .bound = state { return true }
            return false
        }
    }

    /// Waits until the listener is bound (or failed to bind) and returns its port.
    public func port() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Int, any Error>? = state.withLock { state in
                switch state {
                case .bound(let port): return .success(port)
                case .failed(let error): return .failure(error)
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Records the outcome of binding (only the first one counts) and wakes every waiter.
    public func settle(_ result: Result<Int, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            switch result {
            case .success(let port): state = .bound(port)
            case .failure(let error): state = .failed(error)
            }
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
