/// Work done once by the first caller while later callers wait for its result. A success is kept
/// for every later caller; a failure goes to the callers that waited for it and is then forgotten,
/// so the next caller tries again (a runtime started meanwhile, a fixed Dockerfile).
actor SharedAttempt<Value: Sendable> {
    private enum State {
        case idle
        case running([CheckedContinuation<Result<Value, ContainerError>, Never>])
        case done(Value)
    }

    private var state = State.idle

    /// The kept value, or the result of `work`, run by this caller when nobody else is running it.
    func value(_ work: @Sendable () async -> Result<Value, ContainerError>) async throws(ContainerError) -> Value {
        switch state {
        case .done(let value):
            return value
        case .running(let waiters):
            // The body runs at once, on this actor: nothing changes `state` in between.
            let result = await withCheckedContinuation { continuation in
                state = .running(waiters + [continuation])
            }
            return try result.get()
        case .idle:
            state = .running([])
            let result = await work()
            guard case .running(let waiters) = state else { return try result.get() }
            switch result {
            case .success(let value): state = .done(value)
            case .failure: state = .idle
            }
            waiters.forEach { $0.resume(returning: result) }
            return try result.get()
        }
    }
}
