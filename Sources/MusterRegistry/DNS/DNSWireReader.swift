/// Decodes DNS messages from the wire format, following name compression pointers; every read is
/// bounds-checked, so arbitrary bytes produce an error, never a crash.
public struct DNSWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    /// A reader at the start of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The header of `bytes`, nil when fewer than 12 bytes arrived (such packets get no reply).
    public static func header(of bytes: [UInt8]) -> DNSHeader? {
        guard bytes.count >= 12 else { return nil }
        return DNSHeader(id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]), flags: UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
    }

    /// Decodes the whole message (bytes after the last announced record are ignored).
    public static func message(from bytes: [UInt8]) throws(DNSWireError) -> DNSMessage {
        var reader = DNSWireReader(bytes)
        return try reader.readMessage()
    }

    private mutating func readMessage() throws(DNSWireError) -> DNSMessage {
        let id = try readUInt16("header")
        let header = DNSHeader(id: id, flags: try readUInt16("header"))
        var counts: [Int] = []
        for _ in 0..<4 { counts.append(Int(try readUInt16("header"))) }
        var message = DNSMessage(header: header)
        for _ in 0..<counts[0] { message.questions.append(try readQuestion()) }
        for _ in 0..<counts[1] { message.answers.append(try readRecord()) }
        for _ in 0..<counts[2] { message.authorities.append(try readRecord()) }
        for _ in 0..<counts[3] { message.additionals.append(try readRecord()) }
        return message
    }

    private mutating func readQuestion() throws(DNSWireError) -> DNSQuestion {
        let name = try readName()
        let type = try readUInt16("question type")
        return DNSQuestion(name: name, type: type, recordClass: try readUInt16("question class"))
    }

    private mutating func readRecord() throws(DNSWireError) -> DNSResourceRecord {
        let name = try readName()
        let type = try readUInt16("record type")
        let recordClass = try readUInt16("record class")
        let ttl = UInt32(try readUInt16("record TTL")) << 16 | UInt32(try readUInt16("record TTL"))
        let length = Int(try readUInt16("record data length"))
        guard offset + length <= bytes.count else { throw .truncated(field: "record data") }
        let end = offset + length
        let data = try readRecordData(type: type, length: length)
        guard offset == end else { throw .badRecordData(type: type, length: length) }
        return DNSResourceRecord(name: name, type: type, recordClass: recordClass, ttl: ttl, data: data)
    }

    private mutating func readRecordData(type: UInt16, length: Int) throws(DNSWireError) -> DNSRecordData {
        switch type {
        case DNSRecordType.a, DNSRecordType.aaaa:
            guard length == (type == DNSRecordType.a ? 4 : 16) else { throw .badRecordData(type: type, length: length) }
            let address = Array(bytes[offset..<offset + length])
            offset += length
            return type == DNSRecordType.a ? .a(address) : .aaaa(address)
        case DNSRecordType.srv:
            let priority = try readUInt16("SRV priority")
            let weight = try readUInt16("SRV weight")
            let port = try readUInt16("SRV port")
            return .srv(priority: priority, weight: weight, port: port, target: try readName())
        case DNSRecordType.soa:
            let primary = try readName()
            let mailbox = try readName()
            var numbers: [UInt32] = []
            for _ in 0..<5 { numbers.append(UInt32(try readUInt16("SOA")) << 16 | UInt32(try readUInt16("SOA"))) }
            return .soa(
                DNSStartOfAuthority(
                    primaryServer: primary, responsibleMailbox: mailbox, serial: numbers[0], refresh: numbers[1],
                    retry: numbers[2], expire: numbers[3], minimum: numbers[4]))
        default:
            let data = Array(bytes[offset..<offset + length])
            offset += length
            return .opaque(data)
        }
    }

    /// Reads a name at the current offset, following compression pointers (each must point
    /// before the one that led to it, so a loop is impossible).
    private mutating func readName() throws(DNSWireError) -> DNSName {
        var labels: [[UInt8]] = []
        var position = offset
        var resumeAt: Int?
        var lowestPointerSource = position
        while true {
            guard position < bytes.count else { throw .truncated(field: "name") }
            let length = Int(bytes[position])
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    guard let name = DNSName(labels: labels) else { throw .badName("longer than 255 bytes") }
                    return name
                }
                guard position + 1 + length <= bytes.count else { throw .truncated(field: "name") }
                labels.append(Array(bytes[position + 1..<position + 1 + length]))
                guard labels.count <= 127 else { throw .badName("more than 127 labels") }
                position += 1 + length
            case 0xC0:
                guard position + 1 < bytes.count else { throw .truncated(field: "name") }
                let target = (length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < lowestPointerSource else {
                    throw .badName("a compression pointer that does not point backwards")
                }
                if resumeAt == nil { resumeAt = position + 2 }
                lowestPointerSource = target
                position = target
            default:
                throw .badName("the reserved label type \(length >> 6)")
            }
        }
    }

    private mutating func readUInt16(_ field: String) throws(DNSWireError) -> UInt16 {
        guard offset + 2 <= bytes.count else { throw .truncated(field: field) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }
}
