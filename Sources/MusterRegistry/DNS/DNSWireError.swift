/// Why bytes are not a well-formed DNS message.
public enum DNSWireError: Error, Hashable, CustomStringConvertible {
    /// The message ends before a field it announces.
    case truncated(field: String)
    /// A name uses a reserved label type, loops through compression pointers or is too long.
    case badName(String)
    /// Record data does not have the length its type requires.
    case badRecordData(type: UInt16, length: Int)

    /// A full-sentence description.
    public var description: String {
        switch self {
        case .truncated(let field):
            "The DNS message ends in the middle of its \(field); send a complete packet."
        case .badName(let reason):
            "The DNS message holds a malformed name (\(reason)); encode names as RFC 1035 §4.1.4 describes."
        case .badRecordData(let type, let length):
            "The DNS message holds a record of type \(type) with \(length) bytes of data, which that type does not allow."
        }
    }
}
