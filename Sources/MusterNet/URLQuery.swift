/// The parameters of a URL query string, percent-decoded (`+` as a space), in order, repeats kept.
public struct URLQuery: Sendable {
    /// Every `name=value` pair in order; a bare `name` has an empty value.
    public private(set) var pairs: [(name: String, value: String)] = []

    /// Parses `raw` (without `?`); nil when a percent escape is malformed.
    public init?(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return }
        for pair in raw.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { pair[..<$0] } ?? pair[...]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            guard let name = Self.decode(rawName, plusIsSpace: true),
                let value = Self.decode(rawValue, plusIsSpace: true)
            else { return nil }
            pairs.append((name, value))
        }
    }

    /// The first value of `name`, if present (possibly empty).
    public subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    public func values(of name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// Percent-decodes `bytes` (a query component when `plusIsSpace`, else a path); nil when an escape is malformed.
    public static func decode(_ bytes: some Collection<UInt8>, plusIsSpace: Bool) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+"), plusIsSpace {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let high = bytes.index(after: index)
                guard high < bytes.endIndex else { return nil }
                let low = bytes.index(after: high)
                guard low < bytes.endIndex, let h = hexValue(bytes[high]), let l = hexValue(bytes[low]) else {
                    return nil
                }
                output.append(h << 4 | l)
                index = low
            } else {
                output.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
