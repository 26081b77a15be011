/// The EDNS0 parameters an OPT pseudo-record carries (RFC 6891 §6.1.3).
public struct DNSExtension: Sendable, Hashable {
    /// The largest UDP payload the sender can receive.
    public var udpPayloadSize: UInt16
    /// The high 8 bits of the 12-bit response code.
    public var extendedResponseCode: UInt8
    /// The EDNS version (only 0 exists).
    public var version: UInt8
    /// DO: whether the sender understands DNSSEC records.
    public var dnssecOK: Bool

    /// EDNS parameters with every field given.
    public init(udpPayloadSize: UInt16, extendedResponseCode: UInt8 = 0, version: UInt8 = 0, dnssecOK: Bool = false) {
        self.udpPayloadSize = udpPayloadSize
        self.extendedResponseCode = extendedResponseCode
        self.version = version
        self.dnssecOK = dnssecOK
    }

    /// The parameters of `record`, nil when it is not an OPT record.
    public init?(_ record: DNSResourceRecord) {
        guard record.type == DNSRecordType.opt else { return nil }
        self.init(
            udpPayloadSize: record.recordClass, extendedResponseCode: UInt8(record.ttl >> 24),
            version: UInt8((record.ttl >> 16) & 0xFF), dnssecOK: record.ttl & 0x8000 != 0)
    }

    /// The OPT record carrying these parameters (owner the root, no options).
    public var record: DNSResourceRecord {
        let flags: UInt32 = dnssecOK ? 0x8000 : 0
        return DNSResourceRecord(
            name: .root, type: DNSRecordType.opt, recordClass: udpPayloadSize,
            ttl: UInt32(extendedResponseCode) << 24 | UInt32(version) << 16 | flags, data: .opaque([]))
    }
}

extension DNSMessage {
    /// The OPT records of the additional section (a valid query has at most one).
    public var extensionRecords: [DNSExtension] {
        additionals.compactMap(DNSExtension.init)
    }
}
