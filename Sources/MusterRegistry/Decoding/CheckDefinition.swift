/// One check definition of a registration body (`shared/protocols.md` §4.3): the kinds the
/// registry runs (TTL, HTTP, TCP), with clear refusals for the others.
enum CheckDefinition {
    /// Decodes `fields` into a check; the ID and name may be empty, for the caller to fill in.
    static func decode(_ fields: JSONObject) throws(RegistryError) -> RegistryCheck {
        var check = RegistryCheck(
            id: try fields.string("CheckID", "ID") ?? "", name: try fields.string("Name") ?? "",
            kind: try kind(fields))
        check.notes = try fields.string("Notes") ?? ""
        if let status = try fields.string("Status"), !status.isEmpty {
            guard let parsed = CheckStatus(parsing: status) else {
                throw .badRequest("Invalid check status: \"\(status)\"")
            }
            check.status = parsed
        }
        check.interval = try fields.duration("Interval")
        check.timeout = try fields.duration("Timeout")
        check.deregisterCriticalAfter = try fields.duration("DeregisterCriticalServiceAfter")
        return check
    }

    /// `PUT /v1/agent/check/register`: a check with a name, optionally of instance `ServiceID`.
    static func standalone(body: [UInt8]) throws(RegistryError) -> RegistryCheck {
        guard case .object(let fields) = try JSONValue.parse(body) else {
            throw .badRequest("Request decode failed: the body must be a JSON object")
        }
        var check = try decode(fields)
        guard !check.name.isEmpty else { throw .badRequest("Missing check name") }
        if check.id.isEmpty { check.id = check.name }
        check.serviceID = try fields.string("ServiceID") ?? ""
        return check
    }

    private static func kind(_ fields: JSONObject) throws(RegistryError) -> RegistryCheck.Kind {
        if let ttl = try fields.duration("TTL") {
            guard ttl > .zero else { throw .badRequest("Invalid check: TTL must be positive") }
            return .ttl(ttl)
        }
        let hasInterval = try fields.duration("Interval") != nil
        if let url = try fields.string("HTTP"), hasInterval {
            return .http(try httpTarget(url, fields))
        }
        if let address = try fields.string("TCP"), hasInterval {
            guard let (host, port) = hostAndPort(address) else {
                throw .badRequest("Invalid check: TCP must be host:port, not \"\(address)\"")
            }
            return .tcp(host: host, port: port)
        }
        if fields["ScriptArgs", "Args", "Script"] != nil {
            throw .badRequest(
                "Scripts are disabled on this agent (Muster's registry runs HTTP, TCP and TTL checks); "
                    + "use an HTTP, TCP or TTL check")
        }
        if let other = ["GRPC", "UDP", "H2PING", "DockerContainerID", "AliasService", "AliasNode"].first(where: {
            fields[$0] != nil
        }) {
            throw .badRequest(
                "\(other) checks are not supported by Muster's registry; use an HTTP, TCP or TTL check")
        }
        throw .badRequest("Invalid check: must provide TTL or HTTP/TCP and Interval")
    }

    private static func httpTarget(_ url: String, _ fields: JSONObject) throws(RegistryError) -> HTTPCheckTarget {
        guard CheckURL(url) != nil else {
            let reason =
                url.lowercased().hasPrefix("https://")
                ? "https:// checks are not supported by Muster's registry; check an http:// URL"
                : "HTTP must be an http:// URL, not \"\(url)\""
            throw .badRequest("Invalid check: \(reason)")
        }
        var target = HTTPCheckTarget(url: url)
        target.method = try fields.string("Method").flatMap { $0.isEmpty ? nil : $0.uppercased() } ?? "GET"
        target.body = try fields.string("Body") ?? ""
        if let header = fields["Header"] {
            guard case .object(let object) = header else {
                throw .badRequest("Request decode failed: Header must be an object of lists of strings")
            }
            for (name, values) in object.pairs {
                switch values {
                case .string(let value): target.headers[name] = [value]
                case .array(let items):
                    target.headers[name] = items.compactMap { if case .string(let text) = $0 { text } else { nil } }
                default: throw .badRequest("Request decode failed: Header must be an object of lists of strings")
                }
            }
        }
        return target
    }

    /// Splits `host:port` or `[v6]:port`.
    private static func hostAndPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return host.isEmpty ? nil : (String(host), port)
    }
}
