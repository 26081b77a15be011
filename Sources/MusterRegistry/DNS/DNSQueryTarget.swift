/// What a question's name asks for, by the query forms of `shared/protocols.md` §5.
public enum DNSQueryTarget: Sendable, Hashable {
    /// `consul.` itself (its SOA).
    case domain
    /// Healthy instances of `service`, with `tag` when one is given.
    case service(name: String, tag: String?)
    /// The node named `name`.
    case node(name: String)
    /// The address spelled in hex (`7f000001.addr.dc1.consul`): 4 or 16 bytes.
    case address([UInt8])
    /// A name inside `consul.` that matches no query form (or another datacenter): NXDOMAIN.
    case unknown
    /// A name outside `consul.`: REFUSED, since no recursors are configured.
    case outsideDomain

    /// The domain the responder answers for.
    public static let domainLabel = "consul"

    /// The target of `name` for a query of `type` in `datacenter` (labels compared case-insensitively).
    public init(name: DNSName, type: UInt16, datacenter: String) {
        var labels = name.lowercasedLabels
        guard labels.last == Self.domainLabel else {
            self = .outsideDomain
            return
        }
        labels.removeLast()
        if labels.isEmpty {
            self = .domain
            return
        }
        let kinds: Set<String> = ["service", "node", "addr"]
        var kindIndex = labels.count - 1
        if !kinds.contains(labels[kindIndex]) {
            if labels.count >= 2, kinds.contains(labels[kindIndex - 1]) {
                guard labels[kindIndex] == datacenter.lowercased() else {
                    self = .unknown
                    return
                }
                kindIndex -= 1
            } else {
                self = Self.shortServiceForm(labels, type: type, datacenter: datacenter)
                return
            }
        }
        self = Self.target(kind: labels[kindIndex], prefix: Array(labels[..<kindIndex]))
    }

    private static func target(kind: String, prefix: [String]) -> DNSQueryTarget {
        guard !prefix.isEmpty else { return .unknown }
        switch kind {
        case "service":
            return service(prefix)
        case "node":
            return .node(name: prefix.joined(separator: "."))
        default:
            guard prefix.count == 1, let address = hexAddress(prefix[0]) else { return .unknown }
            return .address(address)
        }
    }

    /// `<tag…>.<service>` or RFC 2782's `_<service>._<tag>` (where `_tcp` filters nothing).
    private static func service(_ prefix: [String]) -> DNSQueryTarget {
        if prefix.count == 2, prefix.allSatisfy({ $0.hasPrefix("_") && $0.count > 1 }) {
            let tag = String(prefix[1].dropFirst())
            return .service(name: String(prefix[0].dropFirst()), tag: tag == "tcp" ? nil : tag)
        }
        let tag = prefix.dropLast().joined(separator: ".")
        return .service(name: prefix[prefix.count - 1], tag: tag.isEmpty ? nil : tag)
    }

    /// RFC 2782 without the `service` label (`_web._tcp[.dc1].consul`), for SRV queries only.
    private static func shortServiceForm(_ labels: [String], type: UInt16, datacenter: String) -> DNSQueryTarget {
        guard type == DNSRecordType.srv, labels.count == 2 || labels.count == 3 else { return .unknown }
        if labels.count == 3, labels[2] != datacenter.lowercased() { return .unknown }
        return service(Array(labels.prefix(2)))
    }

    /// The bytes of an 8- or 32-digit hex address, nil for anything else.
    private static func hexAddress(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 8 || digits.count == 32 else { return nil }
        var address: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            address.append(high << 4 | low)
        }
        return address
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
