import Hummingbird
import MusterNet
import NIOCore

/// `/pub` and `/mpub` (`shared/protocols.md` §2.2), checked in nsqd's order.
extension NSQHTTPServer {
    func publish(_ request: Request) async throws -> NSQHTTPReply {
        let limits = engine.configuration.limits
        guard case .complete(let body) = try await HTTPBodyReader.read(request, limit: limits.maxMessageSize) else {
            return .error(413, "MSG_TOO_BIG")
        }
        guard body.readableBytes > 0 else { return .error(400, "MSG_EMPTY") }
        let topic: String
        let query: NSQHTTPQuery
        switch Self.topic(of: request) {
        case .success(let found): (query, topic) = found
        case .failure(let failure): return failure.reply
        }
        engine.createTopic(topic)
        var deferMilliseconds: Int64 = 0
        if let text = query["defer"] {
            guard let value = Int64(text), (0...limits.maxRequeueTimeoutMilliseconds).contains(value) else {
                return .error(400, "INVALID_DEFER")
            }
            deferMilliseconds = value
        }
        engine.publish(topic: topic, bodies: [body], deferMilliseconds: deferMilliseconds)
        return .text("OK")
    }

    func multiPublish(_ request: Request) async throws -> NSQHTTPReply {
        let limits = engine.configuration.limits
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limits.maxBodySize {
            return .error(413, "BODY_TOO_BIG")
        }
        let topic: String
        let query: NSQHTTPQuery
        switch Self.topic(of: request) {
        case .success(let found): (query, topic) = found
        case .failure(let failure): return failure.reply
        }
        engine.createTopic(topic)
        guard case .complete(let body) = try await HTTPBodyReader.read(request, limit: limits.maxBodySize) else {
            return .error(413, "BODY_TOO_BIG")
        }
        let bodies: [ByteBuffer]
        if let binary = query["binary"], !["false", "0"].contains(binary) {
            do {
                bodies = try NSQBodyRules.splitMultiPublish(body, limits: limits)
            } catch let error as NSQProtocolError {
                return .error(413, String(error.code.dropFirst(2)))
            }
        } else {
            var lines: [ByteBuffer] = []
            for line in body.readableBytesView.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
                guard line.count <= limits.maxMessageSize else { return .error(413, "MSG_TOO_BIG") }
                lines.append(ByteBuffer(line))  // a slice sharing the body's storage
            }
            bodies = lines
        }
        if !bodies.isEmpty { engine.publish(topic: topic, bodies: bodies) }
        return .text("OK")
    }

    /// The query and its valid `topic`, or the nsqd error (`INVALID_REQUEST`, `MISSING_ARG_TOPIC`, `INVALID_TOPIC`).
    static func topic(of request: Request) -> Result<(NSQHTTPQuery, String), NSQHTTPFailure> {
        guard let query = NSQHTTPQuery(request.uri.query) else {
            return .failure(NSQHTTPFailure(.error(400, "INVALID_REQUEST")))
        }
        guard let topic = query["topic"] else { return .failure(NSQHTTPFailure(.error(400, "MISSING_ARG_TOPIC"))) }
        guard NSQName.isValid(topic) else { return .failure(NSQHTTPFailure(.error(400, "INVALID_TOPIC"))) }
        return .success((query, topic))
    }
}

/// An error answer carried through a `Result`.
struct NSQHTTPFailure: Error, Sendable {
    var reply: NSQHTTPReply
    init(_ reply: NSQHTTPReply) { self.reply = reply }
}
