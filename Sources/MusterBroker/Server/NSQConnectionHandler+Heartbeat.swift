import NIOCore

/// Heartbeats (`_heartbeat_` every interval) and the read deadline (2 × interval).
extension NSQConnectionHandler {
    func startHeartbeats(context: ChannelHandlerContext) {
        stopHeartbeats()
        let interval = identity.heartbeatIntervalMilliseconds
        guard interval > 0 else { return }
        let period = TimeAmount.milliseconds(interval)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        heartbeatTask = context.eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in
            loopBound.value.respond("_heartbeat_")
            loopBound.value.flushOutput()
        }
        scheduleDeadline(at: lastRead + period * 2, eventLoop: context.eventLoop)
    }

    private func scheduleDeadline(at deadline: NIODeadline, eventLoop: any EventLoop) {
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        deadlineTask = eventLoop.scheduleTask(deadline: deadline) {
            loopBound.value.checkDeadline(eventLoop: eventLoop)
        }
    }

    private func checkDeadline(eventLoop: any EventLoop) {
        guard state != .closed, identity.heartbeatIntervalMilliseconds > 0 else { return }
        let limit = lastRead + .milliseconds(identity.heartbeatIntervalMilliseconds * 2)
        if limit <= .now() {
            logger.debug("Closing an NSQ connection that sent nothing for two heartbeat intervals.")
            close()
        } else {
            scheduleDeadline(at: limit, eventLoop: eventLoop)
        }
    }

    func stopHeartbeats() {
        heartbeatTask?.cancel()
        heartbeatTask = nil
        deadlineTask?.cancel()
        deadlineTask = nil
    }
}
