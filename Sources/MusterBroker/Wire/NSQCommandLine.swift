import NIOCore

/// Parses one command line (`NAME[ SP param]*`, newline already removed).
enum NSQCommandLine {
    enum Outcome {
        case complete(NSQCommand)
        case needsBody(NSQCommandDecoder.PendingBody)
    }

    static func parse(_ line: ByteBuffer, limits: NSQLimits) throws -> Outcome {
        if let id = finishID(line) { return .complete(.finish(id: id)) }
        let params = split(line)
        let name = String(buffer: params[0])
        let args = Array(params.dropFirst())
        switch name {
        case "IDENTIFY": return .needsBody(.identify)
        case "AUTH": return .needsBody(.auth)
        case "NOP": return .complete(.nop)
        case "CLS": return .complete(.close)
        case "SUB":
            try require(args, 2, name)
            let topic = try topicName(args[0], name)
            let channel = String(buffer: args[1])
            guard NSQName.isValid(channel) else {
                throw NSQProtocolError("E_BAD_CHANNEL", "SUB channel name \"\(channel)\" is not valid")
            }
            return .complete(.subscribe(topic: topic, channel: channel))
        case "PUB":
            try require(args, 1, name)
            return .needsBody(.publish(topic: try topicName(args[0], name)))
        case "MPUB":
            try require(args, 1, name)
            return .needsBody(.multiPublish(topic: try topicName(args[0], name, quirk: true)))
        case "DPUB":
            try require(args, 2, name)
            let topic = try topicName(args[0], name)
            guard let delay = Int64(String(buffer: args[1])) else {
                throw NSQProtocolError.invalid("DPUB could not parse timeout \(String(buffer: args[1]))")
            }
            guard (0...limits.maxRequeueTimeoutMilliseconds).contains(delay) else {
                throw NSQProtocolError.invalid(
                    "DPUB timeout \(delay) out of range 0-\(limits.maxRequeueTimeoutMilliseconds)")
            }
            return .needsBody(.deferredPublish(topic: topic, deferMilliseconds: delay))
        default:
            return .complete(try parseConsumerCommand(name, args, limits: limits))
        }
    }

    private static func parseConsumerCommand(_ name: String, _ args: [ByteBuffer], limits: NSQLimits) throws
        -> NSQCommand
    {
        switch name {
        case "RDY":
            guard let raw = args.first else { return .ready(count: 1) }
            guard let count = Int(String(buffer: raw)) else {
                throw NSQProtocolError.invalid("RDY could not parse count \(String(buffer: raw))")
            }
            guard (0...limits.maxReadyCount).contains(count) else {
                throw NSQProtocolError.invalid("RDY count \(count) out of range 0-\(limits.maxReadyCount)")
            }
            return .ready(count: count)
        case "FIN":
            try require(args, 1, name)
            return .finish(id: try messageID(args[0]))
        case "TOUCH":
            try require(args, 1, name)
            return .touch(id: try messageID(args[0]))
        case "REQ":
            try require(args, 2, name)
            let id = try messageID(args[0])
            guard let delay = Int64(String(buffer: args[1])) else {
                throw NSQProtocolError.invalid("REQ could not parse timeout \(String(buffer: args[1]))")
            }
            return .requeue(id: id, delayMilliseconds: min(max(delay, 0), limits.maxRequeueTimeoutMilliseconds))
        default:
            throw NSQProtocolError.invalid("invalid command \(name)")
        }
    }

    /// The id of `FIN <16 bytes without a space>`, the most frequent line, parsed without splitting.
    private static func finishID(_ line: ByteBuffer) -> ByteBuffer? {
        guard line.readableBytes == 20,
            line.getInteger(at: line.readerIndex, as: UInt32.self) == 0x4649_4E20,  // "FIN "
            let id = line.getSlice(at: line.readerIndex + 4, length: 16),
            !id.readableBytesView.contains(UInt8(ascii: " "))
        else { return nil }
        return id
    }

    /// Splits on each space byte into slices that share the line's storage.
    private static func split(_ line: ByteBuffer) -> [ByteBuffer] {
        var parts: [ByteBuffer] = []
        var rest = line
        var length = 0
        line.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                if byte == UInt8(ascii: " ") {
                    // `rest` holds at least the `length` bytes just scanned and this space.
                    if let part = rest.readSlice(length: length) { parts.append(part) }
                    rest.moveReaderIndex(forwardBy: 1)
                    length = 0
                } else {
                    length += 1
                }
            }
        }
        parts.append(rest)
        return parts
    }

    private static func require(_ args: [ByteBuffer], _ count: Int, _ name: String) throws {
        guard args.count >= count else {
            throw NSQProtocolError.invalid("\(name) insufficient number of parameters")
        }
    }

    private static func topicName(_ raw: ByteBuffer, _ command: String, quirk: Bool = false) throws -> String {
        let topic = String(buffer: raw)
        guard NSQName.isValid(topic) else {
            let prefix = quirk ? "E_BAD_TOPIC " : ""
            throw NSQProtocolError("E_BAD_TOPIC", "\(prefix)\(command) topic name \"\(topic)\" is not valid")
        }
        return topic
    }

    private static func messageID(_ raw: ByteBuffer) throws -> ByteBuffer {
        guard raw.readableBytes == 16 else { throw NSQProtocolError.invalid("Invalid Message ID") }
        return raw
    }
}
