import NIOCore

extension LogStream {
    /// Waits until the stream is drained or `timeout` has passed, whichever comes first: a
    /// grandchild that inherited the pipe may keep it open long after the service exited.
    func drained(within timeout: Duration) async {
        let loop = closeFuture.eventLoop
        let promise = loop.makePromise(of: Void.self)
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let timer = loop.scheduleTask(in: .nanoseconds(nanoseconds)) { promise.succeed() }
        closeFuture.whenComplete { _ in
            timer.cancel()
            promise.succeed()
        }
        try? await promise.futureResult.get()
    }
}
