import MusterNet
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One HTTP/1.1 exchange per call, over a fresh connection to the unix socket, through
/// MusterNet's ``HTTPExchange``.
extension ControlClient {
    /// The most bytes of an error answer read for its sentence.
    private static var errorBodyLimit: Int { 64 * 1024 }

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

    /// Sends `method target` and, once a 2xx head and the first bytes of its body have come,
    /// returns the body framed by `framer`; dropping the stream closes the connection.
    func exchange<Element: Sendable>(
        _ method: HTTPMethod, _ target: String, framer: ControlBodyFramer<Element>
    ) async throws(ControlError) -> ControlStream<Element> {
        var headers: [(name: String, value: String)] = [("User-Agent", "muster"), ("Accept", "*/*")]
        if method == .POST { headers.append(("Content-Length", "0")) }
        let exchange = HTTPExchange(
            host: "localhost", port: 0, unixSocketPath: socketPath, method: method.rawValue, path: target,
            headers: headers, timeout: .seconds(30), eventLoopGroup: eventLoopGroup)
        let answer: HTTPExchange.StreamingAnswer
        do {
            answer = try await exchange.open(awaitingFirstBytes: true)
        } catch let error as HTTPExchange.Failure {
            throw Self.controlError(error, whileReading: false)
        } catch {
            throw notRunning(error)
        }
        guard (200..<300).contains(answer.code) else {
            throw Self.error(status: answer.code, body: await Self.errorBody(of: answer))
        }
        return ControlStream(firstBytes: answer.firstBytes, chunks: answer.body, framer: framer)
    }

    /// Up to ``errorBodyLimit`` bytes of an error answer's body.
    private static func errorBody(of answer: HTTPExchange.StreamingAnswer) async -> [UInt8] {
        var body = answer.firstBytes.map { Array($0.readableBytesView) } ?? []
        do {
            for try await chunk in answer.body where body.count < errorBodyLimit {
                body += chunk.readableBytesView.prefix(errorBodyLimit - body.count)
            }
        } catch {
            // What came before the break is the sentence, if any.
        }
        return body
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

    /// `error` of the exchange, before the head came or (`whileReading`) while the body came.
    static func controlError(_ error: any Error, whileReading: Bool) -> ControlError {
        switch error {
        case HTTPExchange.Failure.closedEarly where whileReading:
            ControlError(status: 503, message: "the control API closed the connection before the end of its answer")
        case HTTPExchange.Failure.closedEarly:
            ControlError(status: 503, message: "the control API closed the connection before answering")
        case HTTPExchange.Failure.timedOut(let timeout):
            ControlError(status: 503, message: "the control API did not answer within \(timeout)")
        default:
            controlError(error)
        }
    }

    /// The error of a non-2xx answer: its `{"error": "..."}` sentence, or its text.
    static func error(status: Int, body: [UInt8]) -> ControlError {
        if let document = try? JSONDecoder().decode(ControlErrorDocument.self, from: Data(body)) {
            return ControlError(status: status, message: document.error)
        }
        let text = String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
        return ControlError(
            status: status,
            message: text.allSatisfy(\.isWhitespace) ? "the control API answered with status \(status)" : text)
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
