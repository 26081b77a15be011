import Hummingbird
import MusterCore
import MusterNet
import NIOCore

/// Refuses what the control API never serves: requests whose `Host` is not a loopback name (a
/// defence against DNS rebinding; a request over the unix socket may omit it), state-changing
/// requests from another site's page or with a web form's body (``CrossSiteGuard``), and bodies
/// over ``ControlServer/maximumBodySize``.
struct ControlGuardMiddleware: RouterMiddleware {
    typealias Context = ControlRequestContext

    /// The sentence of a 413 answer.
    static let tooLargeMessage =
        "the request body is over \(ControlServer.maximumBodySize / 1024) KiB, the most the control API reads"

    /// Checks the Host header and the body size, then runs the rest of the chain.
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try Self.checkHost(of: request, overUnixSocket: context.overUnixSocket)
        if let refusal = CrossSiteGuard.refusal(
            of: request, listenerPort: context.listenerPort, refusingFormBodies: true)
        {
            throw ControlError(status: 403, message: refusal)
        }
        guard HTTPBodyReader.declaresBody(request) else { return try await next(request, context) }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > ControlServer.maximumBodySize {
            throw ControlError(status: 413, message: Self.tooLargeMessage)
        }
        if request.method == .get || request.method == .head {
            throw ControlError(status: 400, message: "\(request.method) requests to the control API take no body")
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: ControlServer.maximumBodySize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw ControlError(status: 413, message: Self.tooLargeMessage)
        } catch is NIOTooManyBytesError {
            throw ControlError(status: 413, message: Self.tooLargeMessage)
        } catch {
            // Invalid chunked encoding, or a body cut short: the request is at fault.
            throw ControlError(
                status: 400,
                message: "the request body could not be read (\(error)); send it with a Content-Length or valid chunks")
        }
        return try await next(request, context)
    }

    /// Throws 403 unless the request names a loopback host (or, over the unix socket, none).
    static func checkHost(of request: Request, overUnixSocket: Bool) throws(ControlError) {
        // HTTPTypes moves the first Host header to `authority`; any other stays a header field.
        guard !request.headers.contains(where: { $0.name.canonicalName == "host" }) else {
            throw ControlError(status: 403, message: "the request carries more than one Host header")
        }
        guard let host = request.head.authority else {
            if overUnixSocket { return }
            throw ControlError(
                status: 403,
                message:
                    "requests to the control API over TCP must carry a loopback Host header (localhost, 127.0.0.1 or [::1])"
            )
        }
        guard isLoopback(host) else {
            throw ControlError(
                status: 403,
                message: "the Host header '\(host.prefix(100))' is not a loopback name; the control API answers only "
                    + "localhost, 127.0.0.1 and [::1] (a defence against DNS rebinding)")
        }
    }

    /// Whether `authority` is `localhost`, `127.0.0.1` or `[::1]`, with or without `:port`.
    static func isLoopback(_ authority: String) -> Bool {
        var host = Substring(authority.lowercased())
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            host = host[..<colon]
        }
        return host == "localhost" || host == "127.0.0.1" || host == "[::1]"
    }
}
