import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Sends one request when the connection is up, then turns the answer into values: after a 2xx
/// head, `head` succeeds with the first body bytes (or the end) and the body flows, framed, into
/// `sink`; any other status fails both with the ``ControlError`` of the answer's `ControlErrorDocument`.
final class ControlResponseHandler<Element: Sendable>: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private enum State {
        case awaitingHead
        case streaming
        case collectingError(status: Int, body: [UInt8])
        case done
    }

    /// The most bytes of an error answer kept.
    private static var errorBodyLimit: Int { 64 * 1024 }

    private let request: HTTPRequestHead
    private let head: EventLoopPromise<Void>
    private let sink: AsyncThrowingStream<Element, any Error>.Continuation
    private var framer: ControlBodyFramer<Element>
    private var state = State.awaitingHead
    private var headSettled = false

    /// A handler that sends `request` and reports through `head` and `sink`.
    init(
        request: HTTPRequestHead, framer: ControlBodyFramer<Element>, head: EventLoopPromise<Void>,
        sink: AsyncThrowingStream<Element, any Error>.Continuation
    ) {
        self.request = request
        self.framer = framer
        self.head = head
        self.sink = sink
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(request)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(let answer), .awaitingHead):
            if (200..<300).contains(answer.status.code) {
                state = .streaming
            } else {
                state = .collectingError(status: Int(answer.status.code), body: [])
            }
        case (.body(let chunk), .streaming):
            settleHead()
            do {
                for value in try framer.feed(chunk) { sink.yield(value) }
            } catch {
                fail(error, context: context)
            }
        case (.body(let chunk), .collectingError(let status, var body)):
            body.append(contentsOf: chunk.readableBytesView.prefix(Self.errorBodyLimit - body.count))
            state = .collectingError(status: status, body: body)
        case (.end, .streaming):
            settleHead()
            do {
                for value in try framer.finish() { sink.yield(value) }
                state = .done
                sink.finish()
                context.close(promise: nil)
            } catch {
                fail(error, context: context)
            }
        case (.end, .collectingError(let status, let body)):
            fail(Self.error(status: status, body: body), context: context)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let closed = ControlError(
            status: 503, message: "the control API closed the connection before the end of its answer")
        fail(closed, context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(ControlError(status: 503, message: "the connection to the control API failed: \(error)"), context: context)
    }

    /// Lets the caller go on: the answer is a success and its first bytes (or its end) arrived, so
    /// the server has done what it does before answering (a streaming route has subscribed).
    private func settleHead() {
        guard !headSettled else { return }
        headSettled = true
        head.succeed(())
    }

    /// Ends the exchange with `error` unless it already ended.
    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        if case .done = state { return }
        state = .done
        if !headSettled {
            headSettled = true
            head.fail(error)
        }
        sink.finish(throwing: error)
        context.close(promise: nil)
    }

    /// The error an answer with `status` and `body` stands for.
    static func error(status: Int, body: [UInt8]) -> ControlError {
        if let document = try? JSONDecoder().decode(ControlErrorDocument.self, from: Data(body)) {
            return ControlError(status: status, message: document.error)
        }
        let text = String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
        return ControlError(
            status: status,
            message: text.allSatisfy(\.isWhitespace) ? "the control API answered with status \(status)" : text)
    }
}
