import MusterBroker
import MusterNet
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@Suite struct DecoderTests {
    static func frame(_ parts: [Any]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for part in parts {
            switch part {
            case let text as String: buffer.writeString(text)
            case let number as Int32: buffer.writeInteger(number)
            case let bytes as [UInt8]: buffer.writeBytes(bytes)
            default: Issue.record("unsupported part \(part)")
            }
        }
        return buffer
    }

    static func body(_ text: String) -> [Any] { [Int32(text.utf8.count), text] }

    @Test func decodesEveryCommandUnderEverySplit() throws {
        let id = "0123456789abcdef"
        let json = #"{"feature_negotiation":true}"#
        let mpub: [Any] = [Int32(4 + 4 + 1 + 4 + 2), Int32(2), Int32(1), "a", Int32(2), "bc"]
        let input = Self.frame(
            ["IDENTIFY\n"] + Self.body(json) + ["AUTH\n"] + Self.body("secret")
                + ["SUB t1 c1#ephemeral\r\n", "PUB t1\n"] + Self.body("hi") + ["MPUB t1\n"] + mpub
                + ["DPUB t1 500\n"] + Self.body("later")
                + [
                    "RDY 5\n", "RDY\n", "FIN \(id)\n", "REQ \(id) 7200000\n", "REQ \(id) -5\n", "TOUCH \(id)\n",
                    "CLS\n", "NOP\n",
                ])
        let idBuffer = ByteBuffer(string: id)
        let expected: [NSQCommand] = [
            .identify(body: ByteBuffer(string: json)), .auth(secret: ByteBuffer(string: "secret")),
            .subscribe(topic: "t1", channel: "c1#ephemeral"), .publish(topic: "t1", body: ByteBuffer(string: "hi")),
            .multiPublish(topic: "t1", bodies: [ByteBuffer(string: "a"), ByteBuffer(string: "bc")]),
            .deferredPublish(topic: "t1", deferMilliseconds: 500, body: ByteBuffer(string: "later")),
            .ready(count: 5), .ready(count: 1), .finish(id: idBuffer),
            .requeue(id: idBuffer, delayMilliseconds: 3_600_000), .requeue(id: idBuffer, delayMilliseconds: 0),
            .touch(id: idBuffer), .close, .nop,
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(input, expected)], decoderFactory: { NSQCommandDecoder(expectingMagic: false) })
    }

    @Test func acceptsTheMagicFedByteByByte() throws {
        var decoder = NSQCommandDecoder()
        var buffer = ByteBuffer()
        var commands: [NSQCommand] = []
        for byte in "  V2NOP\n".utf8 {
            buffer.writeInteger(byte)
            while let step = try decoder.decodeNext(&buffer) { if let step { commands.append(step) } }
        }
        #expect(commands == [.nop])
    }

    static let malformed: [(String, ByteBuffer, String)] = [
        ("bad magic", frame(["XXXX"]), "E_BAD_PROTOCOL"),
        ("unknown command", frame(["  V2FOO\n"]), "E_INVALID invalid command FOO"),
        ("bad topic", frame(["  V2PUB bad/name\n"]), "E_BAD_TOPIC PUB topic name \"bad/name\" is not valid"),
        (
            "mpub topic quirk", frame(["  V2MPUB bad/name\n"]),
            "E_BAD_TOPIC E_BAD_TOPIC MPUB topic name \"bad/name\" is not valid"
        ),
        ("long topic", frame(["  V2PUB " + String(repeating: "a", count: 65) + "\n"]), "E_BAD_TOPIC"),
        ("bad channel", frame(["  V2SUB t c/x\n"]), "E_BAD_CHANNEL SUB channel name \"c/x\" is not valid"),
        ("sub params", frame(["  V2SUB t\n"]), "E_INVALID SUB insufficient number of parameters"),
        ("empty pub", frame(["  V2PUB t\n", Int32(0)]), "E_BAD_MESSAGE PUB invalid message body size 0"),
        (
            "huge pub", frame(["  V2PUB t\n", Int32(1 << 20 + 1)]),
            "E_BAD_MESSAGE PUB message too big 1048577 > 1048576"
        ),
        ("huge mpub", frame(["  V2MPUB t\n", Int32.max]), "E_BAD_BODY MPUB body too big 2147483647 > 5242880"),
        ("mpub count", frame(["  V2MPUB t\n", Int32(4), Int32(0)]), "E_BAD_BODY MPUB invalid message count 0"),
        (
            "mpub msg", frame(["  V2MPUB t\n", Int32(8), Int32(1), Int32(-1)]),
            "E_BAD_MESSAGE MPUB invalid message(0) body size -1"
        ),
        ("identify size", frame(["  V2IDENTIFY\n", Int32(-3)]), "E_BAD_BODY IDENTIFY invalid body size -3"),
        ("dpub range", frame(["  V2DPUB t 3600001\n"]), "E_INVALID DPUB timeout 3600001 out of range 0-3600000"),
        ("dpub parse", frame(["  V2DPUB t x\n"]), "E_INVALID DPUB could not parse timeout x"),
        ("rdy range", frame(["  V2RDY 2501\n"]), "E_INVALID RDY count 2501 out of range 0-2500"),
        ("rdy parse", frame(["  V2RDY x\n"]), "E_INVALID RDY could not parse count x"),
        ("fin id", frame(["  V2FIN abc\n"]), "E_INVALID Invalid Message ID"),
        ("req timeout", frame(["  V2REQ 0123456789abcdef x\n"]), "E_INVALID REQ could not parse timeout x"),
        (
            "long line", frame(["  V2" + String(repeating: "A", count: 1100)]),
            "E_INVALID command line longer than 1024 bytes"
        ),
    ]

    @Test(arguments: malformed.indices)
    func rejectsMalformedInput(_ index: Int) throws {
        let (name, input, expected) = Self.malformed[index]
        var decoder = NSQCommandDecoder()
        var buffer = input
        do {
            while try decoder.decodeNext(&buffer) != nil {}
            Issue.record("\(name): no error")
        } catch let error as NSQProtocolError {
            #expect(error.frameBody.hasPrefix(expected), "\(name)")
        }
    }

    @Test func survivesRandomAndMutatedInput() throws {
        var rng = SplitMix64(seed: 42)
        let valid = Self.frame(
            ["  V2PUB t\n"] + Self.body("hello") + [
                "MPUB t\n", Int32(9), Int32(1), Int32(1), "x", "FIN 0123456789abcdef\n",
            ])
        var outcomes = (commands: 0, errors: 0)
        for round in 0..<4000 {
            var bytes = Array(valid.readableBytesView)
            if round % 2 == 0 {
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
            } else {
                bytes =
                    Array(bytes.prefix(4))
                    + (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            var buffer = ByteBuffer(bytes: bytes)
            var decoder = NSQCommandDecoder()
            do {
                while let step = try decoder.decodeNext(&buffer) { if step != nil { outcomes.commands += 1 } }
            } catch is NSQProtocolError {
                outcomes.errors += 1
            }
        }
        #expect(outcomes.errors > 0)
        #expect(outcomes.commands > 0)
    }
}
