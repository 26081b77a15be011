import NIOCore

/// An NSQ message id: 16 lowercase hex characters of a monotonic 64-bit counter.
public struct MessageID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The counter value.
    public var rawValue: UInt64

    /// Creates an id from its counter value.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Parses 16 hex characters (either case); `nil` for anything else.
    public init?(hex bytes: ByteBuffer) {
        guard bytes.readableBytes == 16, let value = bytes.withUnsafeReadableBytes({ Self.parseHex($0) }) else {
            return nil
        }
        self.rawValue = value
    }

    /// Parses the 16 hex characters at the start of `bytes` (either case); `nil` when any is not one.
    static func parseHex(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard bytes.count >= 16 else { return nil }
        var value: UInt64 = 0
        for offset in 0..<16 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// Writes the 16 lowercase hex characters into `buffer`.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 16) { out in
            store(into: out)
            return 16
        }
    }

    /// Stores the 16 lowercase hex characters in `out` from byte `offset`.
    func store(into out: UnsafeMutableRawBufferPointer, atByteOffset offset: Int = 0) {
        let high = Self.hexDigits(UInt32(truncatingIfNeeded: rawValue >> 32))
        let low = Self.hexDigits(UInt32(truncatingIfNeeded: rawValue))
        out.storeBytes(of: high, toByteOffset: offset, as: UInt64.self)
        out.storeBytes(of: low, toByteOffset: offset + 8, as: UInt64.self)
    }

    /// The 8 lowercase hex digits of `value`, most significant first in memory (all nibbles at once).
    private static func hexDigits(_ value: UInt32) -> UInt64 {
        var nibbles = UInt64(value)
        nibbles = (nibbles & 0xFFFF_0000) << 16 | (nibbles & 0xFFFF)
        nibbles = (nibbles & 0x0000_FF00_0000_FF00) << 8 | (nibbles & 0x0000_00FF_0000_00FF)
        nibbles = (nibbles & 0x00F0_00F0_00F0_00F0) << 4 | (nibbles & 0x000F_000F_000F_000F)
        // Each byte now holds one nibble; those of 10 and more become letters ("a" is "0" + 10 + 0x27).
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return (nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 0x27).bigEndian
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
