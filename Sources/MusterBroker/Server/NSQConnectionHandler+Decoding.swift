import NIOCore

/// Turning input into commands: `FIN` lines on a fast path, everything else through ``NSQCommandDecoder``.
extension NSQConnectionHandler {
    /// Handles every complete command in `input`, leaving a partial one unread.
    func decodeCommands(from input: inout ByteBuffer) throws {
        while state != .closed {
            if state == .subscribed || state == .closing, decoder.isAtCommandLine {
                let consumed = Self.takeFinishLines(from: input, into: &pendingFinishes)
                input.moveReaderIndex(forwardBy: consumed)
            }
            guard let step = try decoder.decodeNext(&input) else { return }
            guard let command = step else { continue }
            if case .finish(let raw) = command, state == .subscribed || state == .closing,
                let id = MessageID(hex: raw)
            {
                pendingFinishes.append(id)
                continue
            }
            flushFinishes()
            try handle(command)
        }
    }

    /// Parses the consecutive `FIN <16 hex digits>\n` lines at the front of `input` into `ids` and returns
    /// how many bytes they took; any other line (or an id that does not parse) is left for the decoder
    /// and its error rules.
    private static func takeFinishLines(from input: ByteBuffer, into ids: inout [MessageID]) -> Int {
        let finishSpace = UInt32(0x4649_4E20).bigEndian  // "FIN " as loaded from memory
        return input.withUnsafeReadableBytes { bytes in
            var offset = 0
            while bytes.count - offset >= 21,
                bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) == finishSpace,
                bytes[offset + 20] == UInt8(ascii: "\n"),
                let value = MessageID.parseHex(UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 20)]))
            {
                ids.append(MessageID(rawValue: value))
                offset += 21
            }
            return offset
        }
    }
}
