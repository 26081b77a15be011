import NIOCore

/// Drives ``BrokerEngine/scan()`` every scan interval, only while messages are in flight or deferred.
final class ScanTicker: Sendable {
    private let engine: BrokerEngine
    private let eventLoop: any EventLoop
    private let running: NIOLoopBoundBox<Bool>

    init(engine: BrokerEngine, eventLoop: any EventLoop) {
        self.engine = engine
        self.eventLoop = eventLoop
        self.running = NIOLoopBoundBox.makeBoxSendingValue(false, as: Bool.self, eventLoop: eventLoop)
    }

    /// Starts ticking unless already ticking.
    func arm() {
        eventLoop.execute { [self] in
            guard !running.value else { return }
            running.value = true
            scheduleTick()
        }
    }

    private func scheduleTick() {
        let interval = TimeAmount.nanoseconds(Int64(engine.configuration.scanIntervalNanoseconds))
        eventLoop.scheduleTask(in: interval) { [self] in
            if engine.scan() {
                scheduleTick()
            } else {
                running.value = false
            }
        }
    }
}
