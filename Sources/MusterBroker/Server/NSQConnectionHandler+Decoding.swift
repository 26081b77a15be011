import NIOCore

/// Turning input into commands: `FIN` lines on a fast path, everything else through ``NSQCommandDecoder``.
extension NSQConnectionHandler {
    /// Handles every complete command in `input`, leaving a partial one unread.
    func decodeCommands(from input: inout ByteBuffer) throws {
        while state != .closed {
            if let id = takeFinishLine(from: &input) {
                pendingFinishes.append(id)
                continue
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

    /// Consumes `FIN <16 hex digits>\n` from the front of `input` when a subscribed connection sent one;
    /// any other line (or an id that does not parse) is left for the decoder and its error rules.
    private func takeFinishLine(from input: inout ByteBuffer) -> MessageID? {
        guard state == .subscribed || state == .closing, decoder.isAtCommandLine, input.readableBytes >= 21 else {
            return nil
        }
        let value: UInt64? = input.withUnsafeReadableBytes { bytes in
            guard bytes.loadUnaligned(as: UInt32.self) == UInt32(0x4649_4E20).bigEndian,  // "FIN "
                bytes[20] == UInt8(ascii: "\n")
            else { return nil }
            return MessageID.parseHex(UnsafeRawBufferPointer(rebasing: bytes[4..<20]))
        }
        guard let value else { return nil }
        input.moveReaderIndex(forwardBy: 21)
        return MessageID(rawValue: value)
    }
}
