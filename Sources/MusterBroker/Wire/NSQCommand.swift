import NIOCore

/// A decoded client→server NSQ command (`shared/protocols.md` §1.5) with its parameters parsed.
public enum NSQCommand: Sendable, Equatable {
    /// `IDENTIFY` with its JSON body.
    case identify(body: ByteBuffer)
    /// `AUTH` with its secret.
    case auth(secret: ByteBuffer)
    /// `SUB <topic> <channel>`.
    case subscribe(topic: String, channel: String)
    /// `PUB <topic>` with one message body.
    case publish(topic: String, body: ByteBuffer)
    /// `MPUB <topic>` with its message bodies.
    case multiPublish(topic: String, bodies: [ByteBuffer])
    /// `DPUB <topic> <defer_ms>` with one message body.
    case deferredPublish(topic: String, deferMilliseconds: Int64, body: ByteBuffer)
    /// `RDY <count>` (count omitted ⇒ 1).
    case ready(count: Int)
    /// `FIN <id>`; `id` is the raw 16-byte id as sent.
    case finish(id: ByteBuffer)
    /// `REQ <id> <timeout_ms>`; the timeout is already clamped to `0...max_req_timeout`.
    case requeue(id: ByteBuffer, delayMilliseconds: Int64)
    /// `TOUCH <id>`.
    case touch(id: ByteBuffer)
    /// `CLS`.
    case close
    /// `NOP`.
    case nop

    /// The command name as sent on the wire.
    public var name: String {
        switch self {
        case .identify: "IDENTIFY"
        case .auth: "AUTH"
        case .subscribe: "SUB"
        case .publish: "PUB"
        case .multiPublish: "MPUB"
        case .deferredPublish: "DPUB"
        case .ready: "RDY"
        case .finish: "FIN"
        case .requeue: "REQ"
        case .touch: "TOUCH"
        case .close: "CLS"
        case .nop: "NOP"
        }
    }
}
