import NIOCore
import NIOHTTP1

/// Keeps the first line of what the server sent (at most 40 bytes, without its line end), so
/// that an answer which is not HTTP can be named; passes every byte on untouched.
final class FirstLineRecorder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The first line so far.
    private(set) var line = ""
    private var complete = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !complete {
            let buffer = unwrapInboundIn(data)
            let bytes = buffer.readableBytesView
            let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            line += String(decoding: bytes[..<end], as: UTF8.self)
            complete = end != bytes.endIndex || line.utf8.count >= 40
            if line.hasSuffix("\r") { line.removeLast() }
            line = String(line.prefix(40))
        }
        context.fireChannelRead(data)
    }
}

extension HTTPExchange {
    /// The status of an answer whose body is still to come, and its first bytes when asked for.
    struct Head: Sendable {
        var code: Int
        var statusLine: String
        var firstBytes: ByteBuffer?
    }

    /// The failure for a decoding error: a parser error means the answer is not HTTP.
    static func answerFailure(_ error: any Error, firstLine: FirstLineRecorder) -> any Error {
        error is HTTPParserError ? Failure.notHTTP(firstLine.line) : error
    }
}

/// Collects the answer's head and at most `bodyLimit` bytes of its body.
final class AnswerCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<HTTPExchange.Answer>
    private let bodyLimit: Int
    private let firstLine: FirstLineRecorder
    private var answer: HTTPExchange.Answer?

    init(promise: EventLoopPromise<HTTPExchange.Answer>, bodyLimit: Int, firstLine: FirstLineRecorder) {
        self.promise = promise
        self.bodyLimit = bodyLimit
        self.firstLine = firstLine
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            answer = .init(
                code: Int(head.status.code), statusLine: "\(head.status.code) \(head.status.reasonPhrase)", body: [])
            if bodyLimit == 0 { finish() }
        case .body(var buffer):
            guard var current = answer else { return }
            let room = bodyLimit - current.body.count
            if room > 0 { current.body += buffer.readBytes(length: min(room, buffer.readableBytes)) ?? [] }
            answer = current
            if current.body.count >= bodyLimit { finish() }
        case .end:
            finish()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(HTTPExchange.answerFailure(error, firstLine: firstLine))
        context.close(promise: nil)
    }

    private func finish() {
        if let answer { promise.succeed(answer) } else { promise.fail(HTTPExchange.Failure.closedEarly) }
    }
}

/// Settles the head of an answer, then streams its body until the end of the answer.
final class BodyStreamer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let head: EventLoopPromise<HTTPExchange.Head>
    private let sink: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
    private let firstLine: FirstLineRecorder
    /// Whether the head waits for the body's first bytes (or its end).
    private let settlesOnFirstBytes: Bool
    /// The head, until it is settled.
    private var pending: HTTPExchange.Head?
    private var ended = false

    init(
        head: EventLoopPromise<HTTPExchange.Head>, sink: AsyncThrowingStream<ByteBuffer, any Error>.Continuation,
        firstLine: FirstLineRecorder, settlesOnFirstBytes: Bool
    ) {
        self.head = head
        self.sink = sink
        self.firstLine = firstLine
        self.settlesOnFirstBytes = settlesOnFirstBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let answer):
            let received = HTTPExchange.Head(
                code: Int(answer.status.code), statusLine: "\(answer.status.code) \(answer.status.reasonPhrase)")
            if settlesOnFirstBytes { pending = received } else { head.succeed(received) }
        case .body(let buffer):
            if var received = pending {
                pending = nil
                received.firstBytes = buffer
                head.succeed(received)
            } else {
                sink.yield(buffer)
            }
        case .end:
            if let received = pending {
                pending = nil
                head.succeed(received)
            }
            end(throwing: nil)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        head.fail(HTTPExchange.Failure.closedEarly)
        end(throwing: HTTPExchange.Failure.closedEarly)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure = HTTPExchange.answerFailure(error, firstLine: firstLine)
        head.fail(failure)
        end(throwing: failure)
        context.close(promise: nil)
    }

    private func end(throwing error: (any Error)?) {
        guard !ended else { return }
        ended = true
        sink.finish(throwing: error)
    }
}
