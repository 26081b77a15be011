import NIOCore

/// Closes a connection whose first request's head has not arrived within `timeout` of its
/// acceptance: a slow-header (slowloris) peer cannot hold a connection open.
/// It sits after the HTTP decoder, whose first part of a request is always its head, so it
/// needs no look at the parts themselves.
final class HeaderDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelRead(data)
    }
}

/// Bounds the half-close HummingbirdCore makes after a protocol error or the last answer (it
/// then waits for the peer to close), the way web servers' lingering close does: the answer goes
/// out with a FIN, whatever the peer still sends is read and dropped (so the close never resets
/// the connection and loses the answer of a peer still sending, as with a 413 for a body that is
/// still arriving), and the connection is closed once the peer closes its side, or `linger` later
/// whatever it does: a peer that keeps its side open cannot keep the descriptor.
final class FullCloseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    /// How long a half-closed connection is kept for the peer to finish.
    static let linger = TimeAmount.seconds(10)

    private var draining = false

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .output, !draining else { return context.close(mode: mode, promise: promise) }
        draining = true
        let channel = context.channel
        context.eventLoop.scheduleTask(in: Self.linger) { channel.close(promise: nil) }
        context.close(mode: .output, promise: promise)
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard draining else { return context.fireChannelRead(data) }
        // Dropped: nobody reads a request once the answer is final.
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if draining { context.read() } else { context.fireChannelReadComplete() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if draining, case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // After the answer, a decoding error of what the peer still sends changes nothing.
        if !draining { context.fireErrorCaught(error) }
    }
}
