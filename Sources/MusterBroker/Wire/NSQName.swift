/// Topic and channel name validation (`shared/protocols.md` §1.9).
public enum NSQName {
    static let ephemeralSuffix = "#ephemeral"

    /// Whether `name` matches `^[.a-zA-Z0-9_-]+(#ephemeral)?$` and is 1...64 bytes long.
    public static func isValid(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard utf8.count >= 1, utf8.count <= 64 else { return false }
        var stem = Substring(name)
        if name.hasSuffix(ephemeralSuffix) {
            stem = stem.dropLast(ephemeralSuffix.utf8.count)
        }
        guard !stem.isEmpty else { return false }
        return stem.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    /// Whether `name` (already valid) ends in `#ephemeral`.
    public static func isEphemeral(_ name: String) -> Bool { name.hasSuffix(ephemeralSuffix) }
}
