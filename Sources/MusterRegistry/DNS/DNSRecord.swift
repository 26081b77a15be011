/// A question of a DNS message (RFC 1035 §4.1.2).
public struct DNSQuestion: Sendable, Hashable {
    /// The name asked about.
    public var name: DNSName
    /// The record type asked for.
    public var type: UInt16
    /// The class asked for (1, Internet).
    public var recordClass: UInt16

    /// A question for `type` records of `name` in `recordClass`.
    public init(name: DNSName, type: UInt16, recordClass: UInt16 = DNSRecordType.internetClass) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }
}

/// A resource record (RFC 1035 §4.1.3).
public struct DNSResourceRecord: Sendable, Hashable {
    /// The owner name.
    public var name: DNSName
    /// The record type (for the known types, the one `data` implies).
    public var type: UInt16
    /// The class; for OPT records, the sender's UDP payload size.
    public var recordClass: UInt16
    /// The time to live; for OPT records, the extended response code, version and flags.
    public var ttl: UInt32
    /// The record data.
    public var data: DNSRecordData

    /// A record of `name` holding `data`, of the type `data` implies.
    public init(name: DNSName, ttl: UInt32 = 0, data: DNSRecordData) {
        self.init(name: name, type: data.type ?? 0, recordClass: DNSRecordType.internetClass, ttl: ttl, data: data)
    }

    /// A record with every field given.
    public init(name: DNSName, type: UInt16, recordClass: UInt16, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }
}

/// The data of a resource record.
public enum DNSRecordData: Sendable, Hashable {
    /// An IPv4 address (4 bytes).
    case a([UInt8])
    /// An IPv6 address (16 bytes).
    case aaaa([UInt8])
    /// A service location (RFC 2782).
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// A start of authority.
    case soa(DNSStartOfAuthority)
    /// Data of any other type, kept as bytes (OPT options included).
    case opaque([UInt8])

    /// The record type this data belongs to, nil for opaque data.
    public var type: UInt16? {
        switch self {
        case .a: DNSRecordType.a
        case .aaaa: DNSRecordType.aaaa
        case .srv: DNSRecordType.srv
        case .soa: DNSRecordType.soa
        case .opaque: nil
        }
    }
}

/// The data of an SOA record (RFC 1035 §3.3.13).
public struct DNSStartOfAuthority: Sendable, Hashable {
    /// The primary name server.
    public var primaryServer: DNSName
    /// The mailbox of the person responsible, as a name.
    public var responsibleMailbox: DNSName
    /// The zone's serial number.
    public var serial: UInt32
    /// Seconds before secondaries refresh.
    public var refresh: UInt32
    /// Seconds before a failed refresh is retried.
    public var retry: UInt32
    /// Seconds after which secondaries stop answering.
    public var expire: UInt32
    /// The TTL of negative answers.
    public var minimum: UInt32

    /// An SOA with every field given.
    public init(
        primaryServer: DNSName, responsibleMailbox: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32,
        expire: UInt32, minimum: UInt32
    ) {
        self.primaryServer = primaryServer
        self.responsibleMailbox = responsibleMailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }
}

/// A complete DNS message.
public struct DNSMessage: Sendable, Hashable {
    /// The header.
    public var header: DNSHeader
    /// The question section.
    public var questions: [DNSQuestion]
    /// The answer section.
    public var answers: [DNSResourceRecord]
    /// The authority section.
    public var authorities: [DNSResourceRecord]
    /// The additional section (the OPT record included).
    public var additionals: [DNSResourceRecord]

    /// A message with the given sections.
    public init(
        header: DNSHeader, questions: [DNSQuestion] = [], answers: [DNSResourceRecord] = [],
        authorities: [DNSResourceRecord] = [], additionals: [DNSResourceRecord] = []
    ) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }
}
