/// NSQ V2 client commands as bytes (`shared/protocols.md` §1.3, §1.5).
enum Wire {
    static let magic: [UInt8] = Array("  V2".utf8)
    static let nop: [UInt8] = Array("NOP\n".utf8)

    static func subscribe(topic: String, channel: String) -> [UInt8] { Array("SUB \(topic) \(channel)\n".utf8) }

    static func ready(_ count: Int) -> [UInt8] { Array("RDY \(count)\n".utf8) }

    /// `MPUB <topic>\n[int32 body_len][int32 count]([int32 len][body])*`.
    static func multiPublish(topic: String, bodies: [[UInt8]]) -> [UInt8] {
        var command = Array("MPUB \(topic)\n".utf8)
        let bodyLength = 4 + bodies.reduce(0) { $0 + 4 + $1.count }
        append(UInt32(bodyLength), to: &command)
        append(UInt32(bodies.count), to: &command)
        for body in bodies {
            append(UInt32(body.count), to: &command)
            command += body
        }
        return command
    }

    /// `PUB <topic>\n[int32 len]` followed by `size` body bytes; returns the command and where the body starts.
    static func publishTemplate(topic: String, size: Int) -> (command: [UInt8], bodyOffset: Int) {
        var command = Array("PUB \(topic)\n".utf8)
        append(UInt32(size), to: &command)
        let offset = command.count
        command += Array(repeating: UInt8(ascii: "x"), count: size)
        return (command, offset)
    }

    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes += $0 }
    }

    /// The length of `FIN <16 hex>\n`.
    static let finishLength = 21
    static let messageHeaderLength = 26

    /// Writes `FIN <id>\n` for the message frame `data` at `out` and returns the bytes written.
    static func writeFinish(for data: UnsafeRawBufferPointer, to out: UnsafeMutableRawPointer) -> Int {
        out.storeBytes(of: UInt32(0x4649_4E20).bigEndian, as: UInt32.self)  // "FIN "
        UnsafeMutableRawBufferPointer(start: out + 4, count: 16)
            .copyMemory(from: UnsafeRawBufferPointer(rebasing: data[10..<26]))
        out.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: 20, as: UInt8.self)
        return finishLength
    }
}
