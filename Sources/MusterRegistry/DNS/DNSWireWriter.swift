/// Encodes DNS messages in the wire format. The only compression is a pointer for a record owner
/// equal to the first question's name, so each record's size is independent of its position
/// (which lets the responder compute sizes when fitting a transport limit); SRV targets are
/// never compressed (RFC 2782).
public struct DNSWireWriter {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8] = []
    private let questionName: DNSName?

    /// A writer that will point owners equal to `questionName` at the question (offset 12).
    public init(questionName: DNSName?) {
        self.questionName = questionName
    }

    /// The encoded form of `message`.
    public static func encode(_ message: DNSMessage) -> [UInt8] {
        var writer = DNSWireWriter(questionName: message.questions.first?.name)
        writer.write(message)
        return writer.bytes
    }

    /// The number of bytes `record` takes in a message whose first question is `questionName`.
    public static func encodedSize(of record: DNSResourceRecord, questionName: DNSName?) -> Int {
        var writer = DNSWireWriter(questionName: questionName)
        writer.write(record)
        return writer.bytes.count
    }

    /// Appends `message` (which must be the first thing written).
    public mutating func write(_ message: DNSMessage) {
        writeUInt16(message.header.id)
        writeUInt16(message.header.flags)
        for count in [message.questions.count, message.answers.count, message.authorities.count] {
            writeUInt16(UInt16(clamping: count))
        }
        writeUInt16(UInt16(clamping: message.additionals.count))
        for question in message.questions {
            writeName(question.name)
            writeUInt16(question.type)
            writeUInt16(question.recordClass)
        }
        for record in message.answers + message.authorities + message.additionals { write(record) }
    }

    /// Appends `record`.
    public mutating func write(_ record: DNSResourceRecord) {
        if let questionName, record.name == questionName, !questionName.labels.isEmpty {
            writeUInt16(0xC00C)
        } else {
            writeName(record.name)
        }
        writeUInt16(record.type)
        writeUInt16(record.recordClass)
        writeUInt16(UInt16(record.ttl >> 16))
        writeUInt16(UInt16(record.ttl & 0xFFFF))
        let lengthOffset = bytes.count
        writeUInt16(0)
        writeData(record.data)
        let length = UInt16(clamping: bytes.count - lengthOffset - 2)
        bytes[lengthOffset] = UInt8(length >> 8)
        bytes[lengthOffset + 1] = UInt8(length & 0xFF)
    }

    private mutating func writeData(_ data: DNSRecordData) {
        switch data {
        case .a(let address), .aaaa(let address), .opaque(let address):
            bytes += address
        case .srv(let priority, let weight, let port, let target):
            writeUInt16(priority)
            writeUInt16(weight)
            writeUInt16(port)
            writeName(target)
        case .soa(let soa):
            writeName(soa.primaryServer)
            writeName(soa.responsibleMailbox)
            for number in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] {
                writeUInt16(UInt16(number >> 16))
                writeUInt16(UInt16(number & 0xFFFF))
            }
        }
    }

    private mutating func writeName(_ name: DNSName) {
        for label in name.labels {
            bytes.append(UInt8(label.count))
            bytes += label
        }
        bytes.append(0)
    }

    private mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }
}
