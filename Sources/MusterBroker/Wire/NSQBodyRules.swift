import NIOCore

/// Length rules for command bodies (`shared/protocols.md` §1.5, §1.10).
enum NSQBodyRules {
    /// Throws the nsqd error for a body length that may not be buffered.
    static func check(length: Int, for pending: NSQCommandDecoder.PendingBody, limits: NSQLimits) throws {
        switch pending {
        case .identify, .auth, .multiPublish:
            let name = pending.commandName
            if length <= 0 { throw NSQProtocolError("E_BAD_BODY", "\(name) invalid body size \(length)") }
            if length > limits.maxBodySize {
                throw NSQProtocolError("E_BAD_BODY", "\(name) body too big \(length) > \(limits.maxBodySize)")
            }
        case .publish, .deferredPublish:
            try checkMessage(length: length, command: pending.commandName, limits: limits)
        }
    }

    static func checkMessage(length: Int, command: String, limits: NSQLimits, index: Int? = nil) throws {
        if length <= 0 {
            let label = index.map { "message(\($0))" } ?? "message"
            throw NSQProtocolError("E_BAD_MESSAGE", "\(command) invalid \(label) body size \(length)")
        }
        if length > limits.maxMessageSize {
            throw NSQProtocolError("E_BAD_MESSAGE", "\(command) message too big \(length) > \(limits.maxMessageSize)")
        }
    }

    /// Splits an MPUB body `[int32 count]([int32 len][msg])*` into message bodies.
    static func splitMultiPublish(_ body: ByteBuffer, limits: NSQLimits) throws -> [ByteBuffer] {
        var body = body
        guard let count = body.readInteger(as: Int32.self) else {
            throw NSQProtocolError("E_BAD_BODY", "MPUB failed to read message count")
        }
        guard count > 0, Int(count) <= (limits.maxBodySize - 4) / 5 else {
            throw NSQProtocolError("E_BAD_BODY", "MPUB invalid message count \(count)")
        }
        var bodies: [ByteBuffer] = []
        bodies.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            guard let length = body.readInteger(as: Int32.self) else {
                throw NSQProtocolError("E_BAD_MESSAGE", "MPUB failed to read message(\(index)) body size")
            }
            try checkMessage(length: Int(length), command: "MPUB", limits: limits, index: index)
            guard let message = body.readSlice(length: Int(length)) else {
                throw NSQProtocolError("E_BAD_MESSAGE", "MPUB failed to read message(\(index)) body")
            }
            bodies.append(message)
        }
        return bodies
    }
}
