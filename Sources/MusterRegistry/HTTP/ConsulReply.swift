import Hummingbird
import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One answer of the Consul HTTP API (`shared/protocols.md` §4.1): JSON, raw bytes, an empty
/// body, or a plain-text error; every one carries the index headers.
struct ConsulReply: Sendable {
    var status: HTTPResponse.Status = .ok
    var contentType: String?
    var body: ByteBuffer = ByteBuffer()
    /// `X-Consul-Index`; nil uses the registry's current index.
    var index: UInt64?
    var allow: String?
    var extraHeaders: [(name: String, value: String)] = []

    /// 200 with an empty body (registrations, TTL updates).
    static var empty: ConsulReply { ConsulReply() }

    /// 200 with `value` as JSON, reporting `index`.
    static func json(_ value: some Encodable, index: UInt64? = nil) -> ConsulReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        do {
            return ConsulReply(
                contentType: "application/json", body: ByteBuffer(bytes: try encoder.encode(value)), index: index)
        } catch {
            return .error(RegistryError(status: 500, "The answer could not be encoded: \(error)"))
        }
    }

    /// A plain-text error.
    static func error(_ error: RegistryError) -> ConsulReply {
        ConsulReply(
            status: HTTPResponse.Status(code: error.status), contentType: "text/plain; charset=utf-8",
            body: ByteBuffer(string: error.message))
    }

    /// 404 with an empty body (a missing KV key), reporting `index`.
    static func notFound(index: UInt64) -> ConsulReply {
        ConsulReply(status: .notFound, index: index)
    }

    /// 405 naming the methods the path accepts.
    static func methodNotAllowed(allowing methods: [HTTPRequest.Method]) -> ConsulReply {
        var reply = ConsulReply.error(RegistryError(status: 405, "method not allowed"))
        reply.allow = methods.map(\.rawValue).joined(separator: ", ")
        return reply
    }

    /// The Hummingbird response, with `X-Consul-Index` (never 0), `X-Consul-KnownLeader` and `X-Consul-LastContact`.
    func response(currentIndex: UInt64) -> Response {
        var headers: HTTPFields = [:]
        if let contentType { headers[.contentType] = contentType }
        if let allow { headers[.allow] = allow }
        let consulHeaders: [(name: String, value: String)] = [
            ("X-Consul-Index", String(max(1, index ?? currentIndex))), ("X-Consul-KnownLeader", "true"),
            ("X-Consul-LastContact", "0"),
        ]
        for (name, value) in consulHeaders + extraHeaders {
            if let name = HTTPFields.Element.Name(name) { headers[name] = value }
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
