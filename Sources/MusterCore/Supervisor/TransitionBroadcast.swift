/// The supervisor's listeners to state changes: each gets its own stream, removed from here when
/// its consumer stops iterating (the stream's `onTermination`); all end with the run, and one
/// subscribing after it ends gets a finished stream.
struct TransitionBroadcast: Sendable {
    private var subscribers: [Int: AsyncStream<InstanceTransition>.Continuation] = [:]
    private var nextSubscriber = 0
    private var isFinished = false

    /// How many listeners there are.
    var count: Int { subscribers.count }

    /// A new listener; `onEnd` is called with its id when its consumer goes away, for ``remove(_:)``.
    mutating func subscribe(onEnd: @escaping @Sendable (Int) -> Void) -> AsyncStream<InstanceTransition> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: InstanceTransition.self, bufferingPolicy: .bufferingNewest(1000))
        guard !isFinished else {
            continuation.finish()
            return stream
        }
        nextSubscriber += 1
        let id = nextSubscriber
        continuation.onTermination = { _ in onEnd(id) }
        subscribers[id] = continuation
        return stream
    }

    /// Forgets listener `id`.
    mutating func remove(_ id: Int) {
        subscribers.removeValue(forKey: id)
    }

    /// Tells every listener.
    func send(_ transition: InstanceTransition) {
        for subscriber in subscribers.values { subscriber.yield(transition) }
    }

    /// Ends every listener's stream.
    mutating func finish() {
        isFinished = true
        let ending = subscribers.values
        subscribers.removeAll()
        ending.forEach { $0.finish() }
    }
}
