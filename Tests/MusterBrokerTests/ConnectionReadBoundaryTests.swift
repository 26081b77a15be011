import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import MusterBroker

/// The connection decodes its own input (with a fast path for FIN): the same session must give the same
/// replies whatever the read boundaries are.
@Suite struct ConnectionReadBoundaryTests {
    static func replies(_ channel: EmbeddedChannel) throws -> [NSQFrame] {
        var all = ByteBuffer()
        while var part = try channel.readOutbound(as: ByteBuffer.self) { all.writeBuffer(&part) }
        var frames: [NSQFrame] = []
        while let frame = try NSQFrameDecoder.decodeFrame(&all) { frames.append(frame) }
        #expect(all.readableBytes == 0)
        return frames
    }

    static func feed(_ channel: EmbeddedChannel, _ bytes: [UInt8], chunk: Int) throws {
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            try channel.writeInbound(ByteBuffer(bytes: bytes[offset..<end]))
            offset = end
        }
    }

    static func session(_ bodies: [String]) -> [UInt8] {
        var input = ByteBuffer(string: "  V2")
        input.writeImmutableBuffer(ServerDeliveryTests.mpub("t", bodies))
        input.writeString("SUB t c\nRDY 10\n")
        return Array(input.readableBytesView)
    }

    @Test(arguments: [1, 7, 20, 21, 22, 4096])
    func publishesDeliversAndFinishesWhateverTheReadBoundaries(chunk: Int) throws {
        let engine = BrokerEngine()
        let channel = EmbeddedChannel(
            handler: NSQConnectionHandler(
                engine: engine, consumer: ConsumerID(rawValue: 1), logger: Logger(label: "test")))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4150)).wait()
        let bodies = ["first", "second", "third", String(repeating: "x", count: 300)]
        try Self.feed(channel, Self.session(bodies), chunk: chunk)
        let delivered = try Self.replies(channel)
        #expect(delivered.prefix(2) == [.response(ByteBuffer(string: "OK")), .response(ByteBuffer(string: "OK"))])
        let messages = delivered.compactMap { frame -> NSQMessage? in
            if case .message(let message) = frame { return message }
            return nil
        }
        #expect(messages.map { String(buffer: $0.body) } == bodies)
        #expect(messages.allSatisfy { $0.attempts == 1 })

        // Three plain FINs (fast path), one with \r\n and two that fail (unknown id, id that is not hex).
        let finishes =
            messages.dropLast().map { "FIN \($0.id)\n" }.joined() + "FIN \(messages.last!.id)\r\n"
            + "FIN 00000000000000ff\n" + "FIN zzzzzzzzzzzzzzzz\n"
        try Self.feed(channel, Array(finishes.utf8), chunk: chunk)
        #expect(
            try Self.replies(channel) == [
                .error("E_FIN_FAILED FIN 00000000000000ff failed ID not in flight"),
                .error("E_FIN_FAILED FIN zzzzzzzzzzzzzzzz failed ID not in flight"),
            ])
        #expect(engine.stats().topic("t")?.channel("c")?.inFlightCount == 0)
        #expect(channel.isActive)

        // A FIN line of the fast path's length whose id holds a space is still a fatal E_INVALID.
        try Self.feed(channel, Array("FIN 0123 56789abcdef\n".utf8), chunk: chunk)
        #expect(try Self.replies(channel) == [.error("E_INVALID Invalid Message ID")])
        #expect(!channel.isActive)
    }
}
