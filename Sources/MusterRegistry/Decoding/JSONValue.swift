#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Any JSON document, decoded without a schema so that keys can be matched the way Consul's
/// decoder does: case-insensitively and with snake_case aliases (`shared/protocols.md` §4.1).
enum JSONValue: Decodable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(JSONObject(try container.decode([String: JSONValue].self)))
        }
    }

    /// Parses `bytes`; a 400 `Request decode failed: ...` when they are not JSON.
    static func parse(_ bytes: [UInt8]) throws(RegistryError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw .badRequest("Request decode failed: the body is not valid JSON")
        }
    }

    /// Its name in an error message.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// A JSON object whose keys are looked up the way Consul's decoder does.
struct JSONObject: Sendable, Hashable {
    /// The pairs as written (what `Meta` and `TaggedAddresses` keep).
    let pairs: [String: JSONValue]
    /// Values by normalised key.
    private let fields: [String: JSONValue]

    init(_ pairs: [String: JSONValue]) {
        self.pairs = pairs
        var fields: [String: JSONValue] = [:]
        for (key, value) in pairs { fields[Self.normalise(key)] = value }
        self.fields = fields
    }

    /// The value of the first of `names` present (null counts as absent).
    subscript(_ names: String...) -> JSONValue? { value(names) }

    /// The value of the first of `names` present (null counts as absent).
    func value(_ names: [String]) -> JSONValue? {
        for name in names {
            if let value = fields[Self.normalise(name)], value != .null { return value }
        }
        return nil
    }

    /// Lower-cased, without `_` and `-`.
    static func normalise(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "_" && $0 != "-" })
    }
}
