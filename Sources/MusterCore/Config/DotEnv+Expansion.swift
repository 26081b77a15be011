extension DotEnv.Parser {
    /// Expands the `$NAME`, `${NAME}`, `${NAME:-default}` or `${NAME-default}` reference at `start` (a `$`),
    /// looking no further than `end`; a `$` not followed by a name is kept. Returns the index after the reference.
    func expandReference(at start: Int, end: Int, key: String, into out: inout [UInt8]) throws(ConfigError) -> Int {
        let nameStart = start + 1
        if nameStart < end, bytes[nameStart] == openBrace {
            return try expandBraced(at: start, end: end, key: key, into: &out)
        }
        let nameEnd = scanName(from: nameStart, end: end, allowingDots: false)
        guard nameEnd > nameStart else {
            out.append(dollar)
            return nameStart
        }
        out.append(contentsOf: (lookUp(ConfigText.string(bytes[nameStart..<nameEnd])) ?? "").utf8)
        return nameEnd
    }

    private func expandBraced(at start: Int, end: Int, key: String, into out: inout [UInt8]) throws(ConfigError) -> Int
    {
        let nameStart = start + 2
        let nameEnd = scanName(from: nameStart, end: end, allowingDots: true)
        let limit = bytes[nameEnd..<end].firstIndex(where: { $0 == ConfigText.newline || $0 == doubleQuote }) ?? end
        guard nameEnd > nameStart, let close = bytes[nameEnd..<limit].firstIndex(of: closeBrace) else {
            throw failure(
                "the value of \(key) has a \"${\" that does not start a ${NAME} reference; "
                    + "close it with \"}\" or write \\$ for a literal dollar sign")
        }
        let name = ConfigText.string(bytes[nameStart..<nameEnd])
        let value = lookUp(name)
        let operand = bytes[nameEnd..<close]
        if operand.isEmpty {
            out.append(contentsOf: (value ?? "").utf8)
        } else if operand.starts(with: [colon, minus]) {
            appendValue(value.flatMap { $0.isEmpty ? nil : $0 }, orDefault: operand.dropFirst(2), into: &out)
        } else if operand.first == minus {
            appendValue(value, orDefault: operand.dropFirst(), into: &out)
        } else {
            throw failure(
                "the value of \(key) has a reference to \"\(name)\" followed by unexpected text; "
                    + "write ${NAME} or ${NAME:-default}")
        }
        return close + 1
    }

    private func appendValue(_ value: String?, orDefault fallback: ArraySlice<UInt8>, into out: inout [UInt8]) {
        if let value {
            out.append(contentsOf: value.utf8)
        } else {
            out.append(contentsOf: fallback)
        }
    }

    /// The value of an earlier key, else of the process environment, else nil.
    private func lookUp(_ name: String) -> String? {
        known[name] ?? environment[name]
    }

    /// The end of the name starting at `start`: `[A-Za-z_][A-Za-z0-9_]*`, with dots too if `allowingDots`.
    private func scanName(from start: Int, end: Int, allowingDots: Bool) -> Int {
        guard start < end, Self.isKeyStart(bytes[start]) else { return start }
        var position = start + 1
        while position < end, Self.isKeyByte(bytes[position]), allowingDots || bytes[position] != dot {
            position += 1
        }
        return position
    }

    /// Whether `byte` may start a key: `[A-Za-z_]`.
    static func isKeyStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// Whether `byte` may appear in a key after its first byte: `[A-Za-z0-9_.]`.
    static func isKeyByte(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || byte == dot || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

private let dollar = UInt8(ascii: "$")
private let openBrace = UInt8(ascii: "{")
private let closeBrace = UInt8(ascii: "}")
private let colon = UInt8(ascii: ":")
private let minus = UInt8(ascii: "-")
private let dot = UInt8(ascii: ".")
private let doubleQuote = UInt8(ascii: "\"")
