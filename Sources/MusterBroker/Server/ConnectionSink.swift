import NIOCore

/// Delivers engine message batches to one connection on its event loop (one hop per batch).
final class ConnectionSink: NSQFrameSink {
    private let handler: NIOLoopBound<NSQConnectionHandler>

    init(handler: NSQConnectionHandler, eventLoop: any EventLoop) {
        self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
    }

    func deliver(_ messages: [NSQMessage]) {
        if handler.eventLoop.inEventLoop {
            handler.value.writeMessages(messages)
        } else {
            handler.eventLoop.execute { [handler] in handler.value.writeMessages(messages) }
        }
    }

    func closeConnection() {
        if handler.eventLoop.inEventLoop {
            handler.value.close()
        } else {
            handler.eventLoop.execute { [handler] in handler.value.close() }
        }
    }

    func deliver(frames: ByteBuffer) {
        if handler.eventLoop.inEventLoop {
            handler.value.writeFrames(frames)
        } else {
            handler.eventLoop.execute { [handler] in handler.value.writeFrames(frames) }
        }
    }
}
