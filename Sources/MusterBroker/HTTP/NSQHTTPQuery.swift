/// The parameters of a URL query string, percent-decoded; the first value of a repeated name wins.
struct NSQHTTPQuery: Sendable {
    private var values: [String: String] = [:]

    /// Parses `raw` (without `?`); `nil` when a percent escape is malformed (nsqd's `INVALID_REQUEST`).
    init?(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return }
        for pair in raw.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { pair[..<$0] } ?? pair[...]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            guard let name = Self.decode(rawName), let value = Self.decode(rawValue) else { return nil }
            if values[name] == nil { values[name] = value }
        }
    }

    /// The first value of `name`, if present (possibly empty).
    subscript(_ name: String) -> String? { values[name] }

    private static func decode(_ bytes: Substring.UTF8View) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                output.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = bytes.index(after: index)
                guard high < bytes.endIndex else { return nil }
                let low = bytes.index(after: high)
                guard low < bytes.endIndex, let h = hexValue(bytes[high]), let l = hexValue(bytes[low]) else {
                    return nil
                }
                output.append(h << 4 | l)
                index = low
            default:
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
