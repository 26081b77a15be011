/// Words of a container command line, and the variables Muster fills in before the runtime sees them.
///
/// A container's string `command:` or `entrypoint:` is split into words as Compose does (POSIX
/// shell quoting, no shell run), because the image decides what runs. `$NAME` and `${NAME}` are
/// replaced only when the container gets `NAME` too, so anything else is left for the container.
package enum ContainerWords {
    /// The words of `line` with quotes and backslashes applied, or nil when a quote is not closed.
    package static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'":
                inWord = true
                guard let quoted = readSingleQuoted(&iterator) else { return nil }
                current += quoted
            case "\"":
                inWord = true
                guard let quoted = readDoubleQuoted(&iterator) else { return nil }
                current += quoted
            case "\\":
                inWord = true
                if let next = iterator.next(), next != "\n" { current.append(next) }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    private static func readSingleQuoted(_ iterator: inout String.Iterator) -> String? {
        var text = ""
        while let character = iterator.next() {
            if character == "'" { return text }
            text.append(character)
        }
        return nil
    }

    private static func readDoubleQuoted(_ iterator: inout String.Iterator) -> String? {
        var text = ""
        while let character = iterator.next() {
            switch character {
            case "\"": return text
            case "\\":
                guard let next = iterator.next() else { return nil }
                if !"\"\\$`\n".contains(next) { text.append("\\") }
                if next != "\n" { text.append(next) }
            default: text.append(character)
            }
        }
        return nil
    }

    /// `word` with `$NAME` and `${NAME}` replaced for every `NAME` in `known`; other references stay.
    package static func expand(_ word: String, known: [String: String]) -> String {
        guard word.contains("$") else { return word }
        var result = ""
        var rest = Substring(word)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let afterDollar = rest[rest.index(after: dollar)...]
            if afterDollar.first == "{", let close = afterDollar.firstIndex(of: "}"),
                let value = known[String(afterDollar[afterDollar.index(after: afterDollar.startIndex)..<close])]
            {
                result += value
                rest = afterDollar[afterDollar.index(after: close)...]
                continue
            }
            let name = afterDollar.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if !name.isEmpty, let value = known[String(name)] {
                result += value
                rest = afterDollar.dropFirst(name.count)
            } else {
                result += "$"
                rest = afterDollar
            }
        }
        return result + rest
    }
}
