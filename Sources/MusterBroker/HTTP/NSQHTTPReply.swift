import Hummingbird
import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One answer in nsqd's "V1" style (`shared/protocols.md` §2.1): raw text, empty, JSON, or `{"message":CODE}`.
struct NSQHTTPReply: Sendable {
    var status: HTTPResponse.Status
    var contentType: String?
    var body: ByteBuffer
    var allow: String?

    static let jsonContentType = "application/json; charset=utf-8"

    /// 200 with a plain-text body such as `OK`.
    static func text(_ text: String) -> NSQHTTPReply {
        NSQHTTPReply(status: .ok, contentType: "text/plain; charset=utf-8", body: ByteBuffer(string: text))
    }

    /// 200 with an empty body.
    static var empty: NSQHTTPReply { NSQHTTPReply(status: .ok, contentType: nil, body: ByteBuffer()) }

    /// 200 with a JSON document.
    static func json(_ value: some Encodable) -> NSQHTTPReply {
        do {
            let data = try JSONEncoder().encode(value)
            return NSQHTTPReply(status: .ok, contentType: jsonContentType, body: ByteBuffer(bytes: data))
        } catch {
            return .error(500, "INTERNAL_ERROR")
        }
    }

    /// An error: `status` with `{"message":"<code>"}`.
    static func error(_ status: Int, _ code: String) -> NSQHTTPReply {
        NSQHTTPReply(
            status: HTTPResponse.Status(code: status), contentType: jsonContentType,
            body: ByteBuffer(string: "{\"message\":\"\(code)\"}"))
    }

    /// 405 naming the methods the path accepts.
    static func methodNotAllowed(allowing methods: [HTTPRequest.Method]) -> NSQHTTPReply {
        var reply = NSQHTTPReply.error(405, "METHOD_NOT_ALLOWED")
        reply.allow = Self.allowHeader(methods)
        return reply
    }

    /// 200 to an `OPTIONS` request, naming the methods the path accepts.
    static func options(allowing methods: [HTTPRequest.Method]) -> NSQHTTPReply {
        var reply = NSQHTTPReply.empty
        reply.allow = Self.allowHeader(methods)
        return reply
    }

    private static func allowHeader(_ methods: [HTTPRequest.Method]) -> String {
        (methods.map(\.rawValue) + ["OPTIONS"]).joined(separator: ", ")
    }

    /// The Hummingbird response, with `X-NSQ-Content-Type: nsq; version=1.0`.
    var response: Response {
        var headers: HTTPFields = [:]
        if let name = HTTPFields.Element.Name("X-NSQ-Content-Type") { headers[name] = "nsq; version=1.0" }
        if let contentType { headers[.contentType] = contentType }
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
