import Logging
import NIOCore

/// One client connection: the state machine of `shared/protocols.md` §1.4, heartbeats and output.
final class NSQConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = NSQCommand
    typealias OutboundOut = ByteBuffer

    enum State {
        case initial
        case subscribed
        case closing
        case closed
    }

    let engine: BrokerEngine
    let consumer: ConsumerID
    let logger: Logger
    var limits: NSQLimits { engine.configuration.limits }
    var state = State.initial
    var identity: IdentifyNegotiation
    var context: ChannelHandlerContext?
    var output = ByteBuffer()
    var pendingFinishes: [MessageID] = []
    var heartbeatTask: RepeatedTask?
    var deadlineTask: Scheduled<Void>?
    var lastRead = NIODeadline.now()
    var inRead = false

    init(engine: BrokerEngine, consumer: ConsumerID, logger: Logger) {
        self.engine = engine
        self.consumer = consumer
        self.logger = logger
        self.identity = IdentifyNegotiation(limits: engine.configuration.limits)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        output = context.channel.allocator.buffer(capacity: 256)
    }

    func channelActive(context: ChannelHandlerContext) {
        startHeartbeats(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopHeartbeats()
        let wasSubscribed = state == .subscribed || state == .closing
        state = .closed
        if wasSubscribed { engine.disconnect(consumer) }
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        inRead = true
        guard state != .closed else { return }
        let command = unwrapInboundIn(data)
        if case .finish(let raw) = command, state == .subscribed || state == .closing, let id = MessageID(hex: raw) {
            pendingFinishes.append(id)
            return
        }
        flushFinishes()
        do {
            try handle(command)
        } catch let error as NSQProtocolError {
            fail(error)
        } catch {
            fail(NSQProtocolError("E_INVALID", "\(error)"))
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        inRead = false
        flushFinishes()
        flushOutput()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        flushFinishes()
        if let error = error as? NSQProtocolError {
            fail(error)
        } else {
            logger.debug("Closing an NSQ connection after an error: \(error).")
            close()
        }
    }

    /// Sends `frame` as a response frame (buffered until the end of the read batch).
    func respond(_ text: String) {
        NSQFrame.writeResponse(text, into: &output)
        if !inRead { flushOutput() }
    }

    /// Sends a non-fatal error, or a fatal one followed by closing the connection.
    func fail(_ error: NSQProtocolError) {
        guard state != .closed else { return }
        NSQFrame.error(error.frameBody).write(into: &output)
        flushOutput()
        if error.isFatal { close() }
    }

    func close() {
        guard let context, state != .closed else { return }
        if state == .subscribed || state == .closing { engine.disconnect(consumer) }
        state = .closed
        stopHeartbeats()
        context.close(promise: nil)
    }

    func flushOutput() {
        guard let context, output.readableBytes > 0 else { return }
        context.writeAndFlush(wrapOutboundOut(output), promise: nil)
        output = context.channel.allocator.buffer(capacity: 256)
    }

    func flushFinishes() {
        guard !pendingFinishes.isEmpty else { return }
        let ids = pendingFinishes
        pendingFinishes.removeAll(keepingCapacity: true)
        for (id, reason) in engine.finish(consumer, ids: ids) {
            fail(NSQProtocolError("E_FIN_FAILED", "FIN \(id) failed \(reason)"))
        }
    }

    /// Writes delivered messages; called on the event loop by ``ConnectionSink``.
    func writeMessages(_ messages: [NSQMessage]) {
        guard let context, state != .closed else { return }
        if inRead {
            // Keep frame order with responses buffered in this read batch; flushed at read-complete.
            for message in messages { NSQFrame.writeMessage(message, into: &output) }
            return
        }
        var buffer = context.channel.allocator.buffer(
            capacity: messages.reduce(0) { $0 + 34 + $1.body.readableBytes })
        for message in messages { NSQFrame.writeMessage(message, into: &buffer) }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }
}
