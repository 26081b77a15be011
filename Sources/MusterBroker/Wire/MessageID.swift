import NIOCore

/// An NSQ message id: 16 lowercase hex characters of a monotonic 64-bit counter.
public struct MessageID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The counter value.
    public var rawValue: UInt64

    /// Creates an id from its counter value.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Parses 16 hex characters (either case); `nil` for anything else.
    public init?(hex bytes: ByteBuffer) {
        guard bytes.readableBytes == 16 else { return nil }
        var value: UInt64 = 0
        for byte in bytes.readableBytesView {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        self.rawValue = value
    }

    /// Writes the 16 lowercase hex characters into `buffer`.
    public func write(into buffer: inout ByteBuffer) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { table in
            for shift in stride(from: 60, through: 0, by: -4) {
                buffer.writeInteger(table[Int((rawValue >> UInt64(shift)) & 0xF)])
            }
        }
    }

    /// The 16 lowercase hex characters.
    public var description: String {
        var buffer = ByteBuffer()
        write(into: &buffer)
        return String(buffer: buffer)
    }

    /// Orders ids by counter value.
    public static func < (lhs: MessageID, rhs: MessageID) -> Bool { lhs.rawValue < rhs.rawValue }
}
