import Hummingbird
import NIOCore

/// Reads a request body into memory without ever buffering more than a limit.
public enum HTTPBodyReader {
    /// What was read.
    public enum Outcome: Sendable {
        /// The whole body, at most `limit` bytes.
        case complete(ByteBuffer)
        /// The body declared or sent more than `limit` bytes; the rest is left for the server to discard.
        case tooLarge
    }

    /// Whether the request says a body follows (`Content-Length` other than 0, or
    /// `Transfer-Encoding`).
    public static func declaresBody(_ request: Request) -> Bool {
        if request.headers[.transferEncoding] != nil { return true }
        guard let length = request.headers[.contentLength] else { return false }
        return length != "0"
    }

    /// Reads `request`'s body when it is at most `limit` bytes.
    public static func read(_ request: Request, limit: Int) async throws -> Outcome {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            return .tooLarge
        }
        var collected = ByteBuffer()
        for try await chunk in request.body {
            guard chunk.readableBytes <= limit - collected.readableBytes else { return .tooLarge }
            var chunk = chunk
            collected.writeBuffer(&chunk)
        }
        return .complete(collected)
    }
}
