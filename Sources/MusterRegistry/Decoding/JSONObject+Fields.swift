/// Typed reads of the fields of a registration body; a field of the wrong type is a 400.
extension JSONObject {
    /// A string field.
    func string(_ names: String...) throws(RegistryError) -> String? {
        guard let value = value(names) else { return nil }
        guard case .string(let text) = value else { throw Self.mismatch(names, value, "a string") }
        return text
    }

    /// An integer field.
    func integer(_ names: String...) throws(RegistryError) -> Int? {
        guard let value = value(names) else { return nil }
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 9e15 else {
            throw Self.mismatch(names, value, "a whole number")
        }
        return Int(number)
    }

    /// A boolean field.
    func bool(_ names: String...) throws(RegistryError) -> Bool? {
        guard let value = value(names) else { return nil }
        guard case .bool(let flag) = value else { throw Self.mismatch(names, value, "true or false") }
        return flag
    }

    /// An object field.
    func object(_ names: String...) throws(RegistryError) -> JSONObject? {
        guard let value = value(names) else { return nil }
        guard case .object(let object) = value else { throw Self.mismatch(names, value, "an object") }
        return object
    }

    /// A list-of-strings field.
    func strings(_ names: String...) throws(RegistryError) -> [String]? {
        guard let value = value(names) else { return nil }
        guard case .array(let items) = value else { throw Self.mismatch(names, value, "a list of strings") }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw Self.mismatch(names, item, "a list of strings") }
            result.append(text)
        }
        return result
    }

    /// A map of strings to strings (`Meta`), keys as written.
    func stringMap(_ names: String...) throws(RegistryError) -> [String: String]? {
        guard let value = value(names) else { return nil }
        guard case .object(let object) = value else { throw Self.mismatch(names, value, "an object of strings") }
        var result: [String: String] = [:]
        for (key, item) in object.pairs {
            guard case .string(let text) = item else { throw Self.mismatch(names, item, "an object of strings") }
            result[key] = text
        }
        return result
    }

    /// A Go duration string, or a number of nanoseconds (`shared/protocols.md` §4.1).
    func duration(_ names: String...) throws(RegistryError) -> Duration? {
        guard let value = value(names) else { return nil }
        switch value {
        case .number(let nanoseconds) where nanoseconds.isFinite && abs(nanoseconds) < 9e18:
            return .nanoseconds(Int64(nanoseconds))
        case .string(let text):
            guard let duration = GoDuration.parse(text) else {
                throw .badRequest("Request decode failed: time: invalid duration \"\(text)\"")
            }
            return duration
        default:
            throw Self.mismatch(names, value, "a duration such as \"10s\"")
        }
    }

    private static func mismatch(_ names: [String], _ value: JSONValue, _ expected: String) -> RegistryError {
        .badRequest("Request decode failed: \(names[0]) must be \(expected), not \(value.typeName)")
    }
}
