import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 exchange per call, over a fresh connection to the unix socket.
extension ControlClient {
    /// The whole body of a 2xx answer to `method target`.
    func body(_ method: HTTPMethod, _ target: String) async throws(ControlError) -> [UInt8] {
        let stream = try await exchange(method, target, framer: .whole)
        do {
            for try await bytes in stream { return bytes }
        } catch {
            throw Self.controlError(error)
        }
        throw ControlError(status: 503, message: "the control API closed the connection before answering")
    }

    /// Sends `method target` and, once a 2xx head arrives, returns the body framed by `framer`;
    /// dropping the stream closes the connection.
    func exchange<Element: Sendable>(
        _ method: HTTPMethod, _ target: String, framer: ControlBodyFramer<Element>
    ) async throws(ControlError) -> AsyncThrowingStream<Element, any Error> {
        var headers = HTTPHeaders([("Host", "localhost"), ("User-Agent", "muster"), ("Accept", "*/*")])
        if method == .POST { headers.add(name: "Content-Length", value: "0") }
        let request = HTTPRequestHead(version: .http1_1, method: method, uri: target, headers: headers)
        let (stream, sink) = AsyncThrowingStream.makeStream(of: Element.self)
        let loop = eventLoopGroup.next()
        let head = loop.makePromise(of: Void.self)
        do {
            _ = try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    sink.onTermination = { _ in channel.close(promise: nil) }
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(
                            ControlResponseHandler(request: request, framer: framer, head: head, sink: sink))
                    }
                }
                .connect(unixDomainSocketPath: socketPath).get()
        } catch {
            let refused = notRunning(error)
            head.fail(refused)
            sink.finish(throwing: refused)
            throw refused
        }
        do {
            try await head.futureResult.get()
        } catch {
            throw Self.controlError(error)
        }
        return stream
    }

    /// The 503 for a socket that cannot be connected to.
    private func notRunning(_ error: any Error) -> ControlError {
        if let projectDirectory {
            return ControlError(
                status: 503, message: "no muster is running for \(projectDirectory); start one with `muster start`")
        }
        return ControlError(
            status: 503, message: "no muster answers on \(socketPath) (\(error)); start one with `muster start`")
    }

    /// `error` as a ``ControlError``.
    static func controlError(_ error: any Error) -> ControlError {
        if let error = error as? ControlError { return error }
        return ControlError(status: 502, message: "the control API sent an answer Muster cannot read: \(error)")
    }

    /// `text` with everything but unreserved characters percent-encoded, for a path segment.
    static func pathEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return encoded
    }

    /// `text` percent-encoded for a query value.
    static func queryEncoded(_ text: String) -> String { pathEncoded(text) }
}
