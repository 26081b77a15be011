extension DotEnv {
    /// A single pass over the bytes of one .env file.
    struct Parser {
        let bytes: [UInt8]
        let path: String
        let environment: [String: String]
        /// Values of earlier keys: those of earlier files, then those already read from this one.
        var known: [String: String]
        var index = 0
        var line = 1

        init(text: String, path: String, environment: [String: String], earlier: [String: String]) {
            self.bytes = Self.withoutCRLF(ConfigText.bytes(of: text))
            self.path = path
            self.environment = environment
            self.known = earlier
        }

        /// Every assignment of the file, in order (a key set twice appears twice).
        mutating func parse() throws(ConfigError) -> [DotEnvEntry] {
            var entries: [DotEnvEntry] = []
            while let byte = skipBlanks() {
                switch byte {
                case ConfigText.newline:
                    index += 1
                    line += 1
                case ConfigText.hash:
                    index = endOfLine(from: index)
                default:
                    let entry = try parseAssignment()
                    known[entry.key] = entry.value
                    entries.append(entry)
                }
            }
            return entries
        }

        private mutating func parseAssignment() throws(ConfigError) -> DotEnvEntry {
            let keyLine = line
            let lineEnd = endOfLine(from: index)
            guard let separator = bytes[index..<lineEnd].firstIndex(where: { $0 == equals || $0 == colon }) else {
                let text = ConfigText.string(ConfigText.trimmed(bytes[index..<lineEnd]))
                throw failure(
                    "expected KEY=value but found \"\(text)\"; add '=' and a value, or comment the line out with #")
            }
            let key = try parseKey(bytes[index..<separator])
            index = separator + 1
            let value = try parseValue(key: key)
            return DotEnvEntry(key: key, value: value, line: keyLine)
        }

        private func parseKey(_ raw: ArraySlice<UInt8>) throws(ConfigError) -> String {
            var key = ConfigText.trimmed(raw)
            let export = Array("export".utf8)
            if key.starts(with: export), key.count > export.count,
                ConfigText.isBlank(key[key.startIndex + export.count])
            {
                key = ConfigText.trimmed(key.dropFirst(export.count))
            }
            guard let first = key.first else {
                throw failure("the line has no key before '='; write it as KEY=value")
            }
            guard Self.isKeyStart(first), key.dropFirst().allSatisfy(Self.isKeyByte) else {
                throw failure(
                    "the key \"\(ConfigText.string(key))\" is not a valid name; use letters, digits, '_' and '.', "
                        + "starting with a letter or '_'")
            }
            return ConfigText.string(key)
        }

        private mutating func parseValue(key: String) throws(ConfigError) -> String {
            switch skipBlanks() {
            case singleQuote: try parseSingleQuoted(key: key)
            case doubleQuote: try parseDoubleQuoted(key: key)
            default: try parseUnquoted(key: key)
            }
        }

        private mutating func parseUnquoted(key: String) throws(ConfigError) -> String {
            let lineEnd = endOfLine(from: index)
            var valueEnd = lineEnd
            if let hash = (index..<lineEnd).first(where: {
                bytes[$0] == ConfigText.hash && ConfigText.isBlank(bytes[$0 - 1])
            }) {
                valueEnd = hash
            }
            let raw = ConfigText.trimmed(bytes[index..<valueEnd])
            index = lineEnd
            var out: [UInt8] = []
            var position = raw.startIndex
            while position < raw.endIndex {
                let byte = bytes[position]
                if byte == backslash, position + 1 < raw.endIndex, bytes[position + 1] == dollar {
                    out.append(dollar)
                    position += 2
                } else if byte == dollar {
                    position = try expandReference(at: position, end: raw.endIndex, key: key, into: &out)
                } else {
                    out.append(byte)
                    position += 1
                }
            }
            return ConfigText.string(out)
        }

        private mutating func parseSingleQuoted(key: String) throws(ConfigError) -> String {
            let openLine = line
            index += 1
            guard let close = bytes[index...].firstIndex(of: singleQuote) else {
                throw ConfigError(
                    file: path, line: openLine,
                    message: "the single-quoted value of \(key) is never closed; end it with a '")
            }
            let value = bytes[index..<close]
            line += value.count(where: { $0 == ConfigText.newline })
            index = close + 1
            try expectEndOfValue(key: key)
            return ConfigText.string(value)
        }

        private mutating func parseDoubleQuoted(key: String) throws(ConfigError) -> String {
            let openLine = line
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                switch bytes[index] {
                case doubleQuote:
                    index += 1
                    try expectEndOfValue(key: key)
                    return ConfigText.string(out)
                case backslash:
                    appendEscape(into: &out)
                case dollar:
                    index = try expandReference(at: index, end: bytes.count, key: key, into: &out)
                case let byte:
                    if byte == ConfigText.newline { line += 1 }
                    out.append(byte)
                    index += 1
                }
            }
            throw ConfigError(
                file: path, line: openLine,
                message: "the double-quoted value of \(key) is never closed; end it with a \" and write \\\" for "
                    + "a quote inside it")
        }

        /// Appends the escape at `index` (a backslash); unknown escapes are kept as written.
        private mutating func appendEscape(into out: inout [UInt8]) {
            guard index + 1 < bytes.count else {
                out.append(backslash)
                index += 1
                return
            }
            let next = bytes[index + 1]
            switch next {
            case UInt8(ascii: "n"): out.append(ConfigText.newline)
            case UInt8(ascii: "t"): out.append(ConfigText.tab)
            case UInt8(ascii: "r"): out.append(ConfigText.carriageReturn)
            case doubleQuote, backslash, dollar: out.append(next)
            default:
                if next == ConfigText.newline { line += 1 }
                out.append(contentsOf: [backslash, next])
            }
            index += 2
        }

        /// After a closing quote, allows only blanks and an optional `#` comment up to the end of the line.
        private mutating func expectEndOfValue(key: String) throws(ConfigError) {
            guard let byte = skipBlanks(), byte != ConfigText.newline else { return }
            guard byte == ConfigText.hash else {
                let rest = ConfigText.string(ConfigText.trimmed(bytes[index..<endOfLine(from: index)]))
                throw failure(
                    "unexpected text \"\(rest)\" after the closing quote of \(key); remove it, "
                        + "or put it inside the quotes")
            }
            index = endOfLine(from: index)
        }

        /// Skips spaces and tabs (not newlines); returns the byte now at `index`, or nil at the end.
        private mutating func skipBlanks() -> UInt8? {
            while index < bytes.count, bytes[index] != ConfigText.newline, ConfigText.isBlank(bytes[index]) {
                index += 1
            }
            return index < bytes.count ? bytes[index] : nil
        }

        func endOfLine(from start: Int) -> Int {
            bytes[start...].firstIndex(of: ConfigText.newline) ?? bytes.count
        }

        func failure(_ message: String) -> ConfigError {
            ConfigError(file: path, line: line, message: message)
        }

        private static func withoutCRLF(_ bytes: [UInt8]) -> [UInt8] {
            guard bytes.contains(ConfigText.carriageReturn) else { return bytes }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for (offset, byte) in bytes.enumerated()
            where
                !(byte == ConfigText.carriageReturn && offset + 1 < bytes.count
                && bytes[offset + 1] == ConfigText.newline)
            {
                out.append(byte)
            }
            return out
        }
    }
}

private let equals = UInt8(ascii: "=")
private let colon = UInt8(ascii: ":")
private let singleQuote = UInt8(ascii: "'")
private let doubleQuote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
private let dollar = UInt8(ascii: "$")
