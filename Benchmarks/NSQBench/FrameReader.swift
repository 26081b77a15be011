/// One server frame, pointing into ``FrameReader``'s buffer (valid until the next fill).
struct Frame {
    /// 0 response, 1 error, 2 message.
    var type: UInt32
    /// The frame data after the type.
    var data: UnsafeRawBufferPointer

    var text: String { String(decoding: data, as: UTF8.self) }
}

/// Reads server frames (`[int32 size][int32 type][data]`, big-endian) from a socket into one large buffer.
struct FrameReader: ~Copyable {
    private let storage: UnsafeMutableRawPointer
    private var start = 0
    private var end = 0

    init(capacity: Int = 1 << 21) {
        storage = .allocate(byteCount: capacity, alignment: 16)
        self.capacity = capacity
    }

    deinit { storage.deallocate() }

    /// The most frames one fill can hold (each is at least 8 bytes), for sizing reply buffers.
    let capacity: Int

    /// Reads more bytes from `socket`; returns `false` at end of stream, `nil` when nothing arrived.
    mutating func fill(from socket: BlockingSocket, wait: Bool = true) throws -> Bool? {
        if start > 0 {
            let pending = end - start
            if pending > 0 { storage.copyMemory(from: storage + start, byteCount: pending) }
            start = 0
            end = pending
        }
        guard end < capacity else { throw BenchError("A server frame is larger than the read buffer.") }
        let free = UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end)
        guard let count = try socket.read(into: free, wait: wait) else { return nil }
        end += count
        return count > 0
    }

    /// The next complete frame, if the buffer holds one.
    mutating func next() -> Frame? {
        guard end - start >= 8 else { return nil }
        let base = storage + start
        let size = Int(base.loadUnaligned(as: UInt32.self).bigEndian)
        guard end - start >= 4 + size, size >= 4 else { return nil }
        let type = base.loadUnaligned(fromByteOffset: 4, as: UInt32.self).bigEndian
        start += 4 + size
        return Frame(type: type, data: UnsafeRawBufferPointer(start: base + 8, count: size - 4))
    }

    /// Reads until a response frame arrives, answering heartbeats with NOP; throws on error frames.
    mutating func awaitResponse(from socket: BlockingSocket) throws -> String {
        while true {
            while let frame = next() {
                switch frame.type {
                case 0 where frame.text == "_heartbeat_": try socket.writeAll(Wire.nop)
                case 0: return frame.text
                case 1: throw BenchError("The broker answered with an error: \(frame.text).")
                default: throw BenchError("The broker sent a message on a connection that did not subscribe.")
                }
            }
            guard try fill(from: socket) == true else {
                throw BenchError("The broker closed the connection while a reply was awaited.")
            }
        }
    }
}
