import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Cuts a response body into values as it arrives: the whole body at once, one JSON document per
/// line (NDJSON), or the data of server-sent events of one name.
struct ControlBodyFramer<Element: Sendable>: Sendable {
    /// The most bytes one unit (the whole body, a line or an event) may take.
    static var unitLimit: Int { 8 * 1024 * 1024 }

    private enum Framing: Sendable {
        case whole
        case lines
        case events(name: String)
    }

    private let framing: Framing
    private let decode: @Sendable ([UInt8]) throws -> Element
    private var pending: [UInt8] = []

    private init(_ framing: Framing, decode: @escaping @Sendable ([UInt8]) throws -> Element) {
        self.framing = framing
        self.decode = decode
    }

    /// The values completed by `chunk`.
    mutating func feed(_ chunk: ByteBuffer) throws -> [Element] {
        pending.append(contentsOf: chunk.readableBytesView)
        if case .whole = framing {
            guard pending.count <= Self.unitLimit else { throw Self.tooLarge() }
            return []
        }
        var values: [Element] = []
        let separator = separatorLength
        var start = 0
        while let end = unitEnd(from: start) {
            if let value = try value(of: pending[start..<end]) { values.append(value) }
            start = end + separator
        }
        pending.removeFirst(start)
        guard pending.count <= Self.unitLimit else { throw Self.tooLarge() }
        return values
    }

    /// The values left when the body ends.
    mutating func finish() throws -> [Element] {
        defer { pending = [] }
        switch framing {
        case .whole:
            return [try decode(pending)]
        case .lines, .events:
            return try value(of: pending[...]).map { [$0] } ?? []
        }
    }

    private var separatorLength: Int {
        if case .events = framing { return 2 }
        return 1
    }

    /// Where the next unit starting at `start` ends (the index of its separator), if it is complete.
    private func unitEnd(from start: Int) -> Int? {
        var index = start
        while index < pending.count {
            if pending[index] == UInt8(ascii: "\n") {
                if separatorLength == 1 { return index }
                if index + 1 < pending.count, pending[index + 1] == UInt8(ascii: "\n") { return index }
            }
            index += 1
        }
        return nil
    }

    /// The value of one line or event; nil for blank lines, comments and other events.
    private func value(of unit: ArraySlice<UInt8>) throws -> Element? {
        let text = String(decoding: unit, as: UTF8.self).replacing("\r", with: "")
        switch framing {
        case .whole:
            return try decode(Array(unit))
        case .lines:
            return text.allSatisfy(\.isWhitespace) ? nil : try decode(Array(text.utf8))
        case .events(let name):
            var event = "message"
            var data: [String] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix(":") {
                let field = line.prefix { $0 != ":" }
                var value = line.dropFirst(field.count).dropFirst()
                if value.hasPrefix(" ") { value = value.dropFirst() }
                if field == "event" { event = String(value) }
                if field == "data" { data.append(String(value)) }
            }
            guard event == name, !data.isEmpty else { return nil }
            return try decode(Array(data.joined(separator: "\n").utf8))
        }
    }

    private static func tooLarge() -> ControlError {
        ControlError(status: 502, message: "the control API sent a unit over \(unitLimit / 1024 / 1024) MiB")
    }
}

extension ControlBodyFramer where Element == [UInt8] {
    /// The whole body as one value.
    static var whole: Self { Self(.whole) { $0 } }
}

extension ControlBodyFramer where Element: Decodable {
    /// One JSON document per line.
    static var jsonLines: Self { Self(.lines) { try JSONDecoder().decode(Element.self, from: Data($0)) } }

    /// The JSON data of every server-sent event called `name`.
    static func serverSentEvents(named name: String) -> Self {
        Self(.events(name: name)) { try JSONDecoder().decode(Element.self, from: Data($0)) }
    }
}
