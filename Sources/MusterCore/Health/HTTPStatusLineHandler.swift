import NIOCore

/// Sends one HTTP/1.1 request when the connection is up, then completes its promise with the
/// status code of the answer's status line and closes the connection.
final class HTTPStatusLineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Why no status code came back.
    enum Failure: Error, Equatable {
        /// The deadline passed first.
        case timedOut
        /// The peer closed the connection before a complete status line.
        case closedEarly
        /// The first line of the answer is not an HTTP status line.
        case notHTTP(String)
    }

    /// The most bytes read while looking for the end of the status line.
    private static let statusLineLimit = 4096

    private let request: String
    private let promise: EventLoopPromise<Int>
    private let deadline: NIODeadline
    private var received: [UInt8] = []
    private var timeout: Scheduled<Void>?

    /// A handler that sends `request` and fails with `.timedOut` at `deadline`.
    init(request: String, promise: EventLoopPromise<Int>, deadline: NIODeadline) {
        self.request = request
        self.promise = promise
        self.deadline = deadline
    }

    func channelActive(context: ChannelHandlerContext) {
        let promise = self.promise
        let channel = context.channel
        timeout = context.eventLoop.scheduleTask(deadline: deadline) {
            promise.fail(Failure.timedOut)
            channel.close(promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        received += buffer.readBytes(length: buffer.readableBytes) ?? []
        if let end = received.firstIndex(of: UInt8(ascii: "\n")) {
            finish(context: context, with: Self.statusCode(of: received[..<end]))
        } else if received.count > Self.statusLineLimit {
            finish(context: context, with: .failure(Failure.notHTTP("a first line over \(Self.statusLineLimit) bytes")))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(Failure.closedEarly)
        timeout?.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context: context, with: .failure(error))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise.fail(Failure.closedEarly)
        timeout?.cancel()
    }

    private func finish(context: ChannelHandlerContext, with result: Result<Int, any Error>) {
        promise.completeWith(result)
        timeout?.cancel()
        context.close(promise: nil)
    }

    /// The code of a status line such as `HTTP/1.1 200 OK`.
    private static func statusCode(of line: ArraySlice<UInt8>) -> Result<Int, any Error> {
        var text = String(decoding: line, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3, let code = Int(parts[1]) else {
            return .failure(Failure.notHTTP(String(text.prefix(40))))
        }
        return .success(code)
    }
}
