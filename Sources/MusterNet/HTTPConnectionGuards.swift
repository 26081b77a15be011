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

/// Turns the closing of a connection's output (HummingbirdCore half-closes after a protocol
/// error or the last answer, then waits for the peer) into a full close: a peer that keeps its
/// side open cannot keep the descriptor.
final class FullCloseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .output else { return context.close(mode: mode, promise: promise) }
        // Whatever was written is flushed before the close.
        context.flush()
        context.close(mode: .all, promise: promise)
    }
}
