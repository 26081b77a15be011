import Hummingbird

/// The Host-header check of every embedded HTTP listener (design §11): a defence against DNS rebinding.
public enum LoopbackHost {
    /// Whether the request names no host, or only a loopback one (`localhost`, `127.x.y.z`, `[::1]`).
    public static func allows(_ request: Request) -> Bool {
        // HTTPTypes moves the first Host header to `authority`; any other stays a header field.
        guard !request.headers.contains(where: { $0.name.canonicalName == "host" }) else { return false }
        guard let authority = request.head.authority else { return true }
        return isLoopback(authority)
    }

    /// Whether `authority` is a loopback name, with or without `:port`.
    public static func isLoopback(_ authority: String) -> Bool {
        var host = Substring(authority.lowercased())
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            host = host[..<colon]
        }
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { octet in
                !octet.isEmpty && octet.count <= 3 && octet.allSatisfy { $0.isASCII && $0.isNumber }
                    && (Int(octet) ?? 256) <= 255
            }
    }
}
