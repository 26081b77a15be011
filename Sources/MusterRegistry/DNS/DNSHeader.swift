/// The 12-byte header of a DNS message (RFC 1035 §4.1.1), without its section counts, which the
/// codec derives from the sections.
public struct DNSHeader: Sendable, Hashable {
    /// The query identifier, echoed in the response.
    public var id: UInt16
    /// QR: whether the message is a response.
    public var isResponse: Bool
    /// The 4-bit operation code (0 is a standard query).
    public var opcode: UInt8
    /// AA: whether the answer comes from an authority for the name.
    public var isAuthoritative: Bool
    /// TC: whether records were left out because the transport limit was reached.
    public var isTruncated: Bool
    /// RD: whether the client asked for recursion (echoed).
    public var recursionDesired: Bool
    /// RA: whether the server offers recursion (never, here).
    public var recursionAvailable: Bool
    /// The low 4 bits of the response code (the high bits travel in the OPT record).
    public var responseCode: UInt8

    /// A header with every flag given explicitly.
    public init(
        id: UInt16, isResponse: Bool = false, opcode: UInt8 = DNSOpcode.query, isAuthoritative: Bool = false,
        isTruncated: Bool = false, recursionDesired: Bool = false, recursionAvailable: Bool = false,
        responseCode: UInt8 = DNSResponseCode.noError
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.isAuthoritative = isAuthoritative
        self.isTruncated = isTruncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.responseCode = responseCode
    }

    /// The header carried by the flags word of the wire format.
    public init(id: UInt16, flags: UInt16) {
        self.init(
            id: id, isResponse: flags & 0x8000 != 0, opcode: UInt8((flags >> 11) & 0x0F),
            isAuthoritative: flags & 0x0400 != 0, isTruncated: flags & 0x0200 != 0,
            recursionDesired: flags & 0x0100 != 0, recursionAvailable: flags & 0x0080 != 0,
            responseCode: UInt8(flags & 0x000F))
    }

    /// The flags word of the wire format (Z, AD and CD are always zero).
    public var flags: UInt16 {
        var flags = UInt16(opcode & 0x0F) << 11 | UInt16(responseCode & 0x0F)
        if isResponse { flags |= 0x8000 }
        if isAuthoritative { flags |= 0x0400 }
        if isTruncated { flags |= 0x0200 }
        if recursionDesired { flags |= 0x0100 }
        if recursionAvailable { flags |= 0x0080 }
        return flags
    }
}

/// DNS operation codes (RFC 1035 §4.1.1).
public enum DNSOpcode {
    /// A standard query, the only one answered.
    public static let query: UInt8 = 0
}

/// DNS response codes (RFC 1035 §4.1.1, RFC 6891 §9).
public enum DNSResponseCode {
    /// No error.
    public static let noError: UInt8 = 0
    /// The query could not be parsed.
    public static let formatError: UInt8 = 1
    /// The name does not exist.
    public static let nameError: UInt8 = 3
    /// The kind of query is not supported.
    public static let notImplemented: UInt8 = 4
    /// The server refuses to answer (names outside its domain).
    public static let refused: UInt8 = 5
    /// The EDNS version is not supported (an extended code: its high bits go in the OPT record).
    public static let badVersion: UInt16 = 16
}

/// Resource record types and classes used by the responder.
public enum DNSRecordType {
    /// An IPv4 address.
    public static let a: UInt16 = 1
    /// A name server.
    public static let ns: UInt16 = 2
    /// The start of authority.
    public static let soa: UInt16 = 6
    /// An IPv6 address.
    public static let aaaa: UInt16 = 28
    /// A service location (RFC 2782).
    public static let srv: UInt16 = 33
    /// The EDNS0 pseudo-record (RFC 6891).
    public static let opt: UInt16 = 41
    /// Every record type (a query type only).
    public static let any: UInt16 = 255
    /// The Internet class.
    public static let internetClass: UInt16 = 1
    /// Every class (a query class only).
    public static let anyClass: UInt16 = 255
}
