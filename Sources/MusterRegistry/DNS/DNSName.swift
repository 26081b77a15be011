/// A domain name as a sequence of labels, kept byte for byte as received so that a question is
/// echoed with its original case.
public struct DNSName: Sendable, Hashable, CustomStringConvertible {
    /// The longest label the wire format allows.
    public static let maximumLabelLength = 63
    /// The longest name the wire format allows, length bytes and the root included.
    public static let maximumWireLength = 255

    /// The labels, the root excluded.
    public let labels: [[UInt8]]

    /// The root name.
    public static let root = DNSName(validLabels: [])
    /// `consul.`, the domain the registry answers for.
    static let consulDomain = DNSName(validLabels: [Array("consul".utf8)])
    /// `ns.consul.`, the primary server of the domain's SOA.
    static let consulNameServer = DNSName(validLabels: [Array("ns".utf8), Array("consul".utf8)])
    /// `hostmaster.consul.`, the responsible mailbox of the domain's SOA.
    static let consulHostmaster = DNSName(validLabels: [Array("hostmaster".utf8), Array("consul".utf8)])

    /// A name made of `labels`, or nil when a label is empty or too long, or the name is too long.
    public init?(labels: [[UInt8]]) {
        guard labels.allSatisfy({ !$0.isEmpty && $0.count <= Self.maximumLabelLength }) else { return nil }
        guard labels.reduce(1, { $0 + 1 + $1.count }) <= Self.maximumWireLength else { return nil }
        self.labels = labels
    }

    /// The name spelled `text` (dot-separated, the trailing dot optional), or nil when it is not a
    /// valid domain name.
    public init?(_ text: String) {
        let trimmed = text.hasSuffix(".") ? String(text.dropLast()) : text
        if trimmed.isEmpty {
            self.init(labels: [])
        } else {
            self.init(labels: trimmed.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) })
        }
    }

    private init(validLabels: [[UInt8]]) {
        self.labels = validLabels
    }

    /// The labels as lower-case text (ASCII case folding, as DNS compares names).
    public var lowercasedLabels: [String] {
        labels.map { label in
            String(decoding: label.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
    }

    /// The number of bytes the name takes on the wire without compression.
    public var wireLength: Int {
        labels.reduce(1) { $0 + 1 + $1.count }
    }

    /// The name with a trailing dot, as tools print it (`web.service.consul.`).
    public var description: String {
        labels.isEmpty ? "." : labels.map { String(decoding: $0, as: UTF8.self) + "." }.joined()
    }
}
