#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Conversions between IP address text and the bytes of A/AAAA records.
enum DNSAddressBytes {
    /// The 4 or 16 bytes of the IPv4 or IPv6 address `text`, nil when it is not an IP address
    /// (a host name, or empty).
    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    /// The record data for `address` (4 bytes ⇒ A, 16 bytes ⇒ AAAA).
    static func recordData(_ address: [UInt8]) -> DNSRecordData {
        address.count == 4 ? .a(address) : .aaaa(address)
    }

    /// The lower-case hex spelling of `address` (`7f000001`), as `<hex>.addr.<dc>.consul` uses it.
    static func hex(_ address: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in address {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
