import Logging
import NIOCore

/// One client connection: decoding, the state machine of `shared/protocols.md` §1.4, heartbeats and output.
///
/// It decodes its input itself (with ``NSQCommandDecoder``) rather than behind a `ByteToMessageHandler`,
/// so that the hottest command, `FIN`, is parsed straight from the read buffer into a batch without a
/// pipeline event, a boxed command or a buffer slice per line.
final class NSQConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
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
    var decoder: NSQCommandDecoder
    /// Undecoded input kept from the previous read (a partial command).
    var leftover: ByteBuffer?
    var output = ByteBuffer()
    /// Whether buffers were written during this read batch and await the flush at read-complete.
    var writtenUnflushed = false
    var pendingFinishes: [MessageID] = []
    var heartbeatTask: RepeatedTask?
    var deadlineTask: Scheduled<Void>?
    var lastRead = NIODeadline.now()
    /// When the connection was accepted, in Unix seconds (for the stats).
    var connectTime: Int64 = 0
    var inRead = false

    init(engine: BrokerEngine, consumer: ConsumerID, logger: Logger) {
        self.engine = engine
        self.consumer = consumer
        self.logger = logger
        self.identity = IdentifyNegotiation(limits: engine.configuration.limits)
        self.decoder = NSQCommandDecoder(limits: engine.configuration.limits)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        output = context.channel.allocator.buffer(capacity: 256)
        connectTime = engine.configuration.clock.unixNanoseconds() / 1_000_000_000
    }

    func channelActive(context: ChannelHandlerContext) {
        startHeartbeats(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopHeartbeats()
        let wasSubscribed = state == .subscribed || state == .closing
        state = .closed
        leftover = nil
        if wasSubscribed { engine.disconnect(consumer) }
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        inRead = true
        guard state != .closed else { return }
        var input = unwrapInboundIn(data)
        if var previous = leftover.take() {
            previous.writeBuffer(&input)
            input = previous
        }
        do {
            try decodeCommands(from: &input)
        } catch let error as NSQProtocolError {
            flushFinishes()
            fail(error)
        } catch {
            flushFinishes()
            fail(NSQProtocolError("E_INVALID", "\(error)"))
        }
        if state != .closed, input.readableBytes > 0 {
            // Drop the consumed bytes (bounded memory) but keep spare capacity, so that a large body
            // arriving over many reads is appended in place rather than copied again on every read.
            input.discardReadBytes()
            leftover = input
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
        logger.debug("Closing an NSQ connection after an error: \(error).")
        close()
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
        leftover = nil
        stopHeartbeats()
        context.close(promise: nil)
    }

    /// Writes the buffered responses and flushes everything written in this read batch.
    func flushOutput() {
        guard let context else { return }
        writeOutput(context: context)
        if writtenUnflushed {
            writtenUnflushed = false
            context.flush()
        }
    }

    /// Passes the buffered responses to the channel, unflushed.
    private func writeOutput(context: ChannelHandlerContext) {
        guard output.readableBytes > 0 else { return }
        context.write(wrapOutboundOut(output), promise: nil)
        output = context.channel.allocator.buffer(capacity: 256)
        writtenUnflushed = true
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
        var frames = ByteBuffer()
        for message in messages { NSQFrame.writeMessage(message, into: &frames) }
        writeFrames(frames)
    }

    /// Writes encoded message frames after any buffered response; during a read batch the flush waits
    /// for read-complete, so the frames of one batch go out together.
    func writeFrames(_ frames: ByteBuffer) {
        guard let context, state != .closed else { return }
        writeOutput(context: context)
        context.write(wrapOutboundOut(frames), promise: nil)
        writtenUnflushed = true
        if !inRead { flushOutput() }
    }
}
