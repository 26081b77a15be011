/// An NSQ protocol error: the error frame body `"<code> <description>"` sent to a peer.
public struct NSQProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The NSQ error code, e.g. `E_INVALID`.
    public var code: String
    /// The human-readable description that follows the code in the error frame.
    public var detail: String

    /// Creates an error with the given code and description.
    public init(_ code: String, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// Whether the connection is closed after sending this error (all but FIN/REQ/TOUCH failures).
    public var isFatal: Bool {
        !["E_FIN_FAILED", "E_REQ_FAILED", "E_TOUCH_FAILED"].contains(code)
    }

    /// The error frame body.
    public var frameBody: String { "\(code) \(detail)" }

    /// A full-sentence description for logs.
    public var description: String {
        "The NSQ broker rejected a client command with \(code): \(detail)."
    }

    static func invalid(_ detail: String) -> NSQProtocolError { .init("E_INVALID", detail) }
}
