/// Where an `http:` probe sends its GET: a host, a port and a path.
package struct HTTPTarget: Sendable, Hashable {
    /// The host to connect to (`127.0.0.1` for a bare path).
    package var host: String
    /// The port.
    package var port: Int
    /// The path with its query, from `/`.
    package var path: String
    /// How probe details name the request: the path for the instance's own port, else the URL.
    package var displayName: String

    /// A target from its parts.
    package init(host: String, port: Int, path: String, displayName: String) {
        self.host = host
        self.port = port
        self.path = path
        self.displayName = displayName
    }

    /// Parses an `http:` value: a path on `ownPort` at 127.0.0.1, or a full `http://host:port/path` URL.
    package init(parsing value: String, ownPort: Int?) throws(HealthCheckError) {
        if value.hasPrefix("/") {
            guard let ownPort else { throw .noPort(probe: "http: \(value)") }
            self.init(host: "127.0.0.1", port: ownPort, path: value, displayName: value)
            return
        }
        guard value.lowercased().hasPrefix("http://") else { throw .invalidURL(value) }
        let rest = value.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        var path = String(rest.dropFirst(authority.count))
        if path.isEmpty { path = "/" } else if path.hasPrefix("?") { path = "/" + path }
        guard let (host, port) = Self.split(authority) else { throw .invalidURL(value) }
        self.init(host: host, port: port, path: path, displayName: value)
    }

    /// The `Host:` header value.
    var hostHeader: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Splits `host`, `host:port`, `[v6]` or `[v6]:port`; nil when malformed.
    private static func split(_ authority: Substring) -> (String, Int)? {
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { return nil }
        guard let portText else { return (String(host), 80) }
        guard let port = Int(portText), (1...65535).contains(port) else { return nil }
        return (String(host), port)
    }
}
