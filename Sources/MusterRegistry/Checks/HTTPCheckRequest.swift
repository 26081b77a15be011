import MusterNet
import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One request of an HTTP check: `Method` to the URL with `Header` and `Body`, keep-alive off;
/// 2xx is passing, 429 warning, anything else or an error critical (`shared/protocols.md` §4.9).
struct HTTPCheckRequest: Sendable {
    let target: HTTPCheckTarget
    let timeout: Duration
    let eventLoopGroup: any EventLoopGroup

    /// Sends the request and turns the answer into a check result.
    func run() async -> CheckProbe.Result {
        let label = "HTTP \(target.method) \(target.url)"
        guard let url = CheckURL(target.url) else {
            return .init(status: .critical, output: "\(label): the URL is not an http:// URL")
        }
        var headers = [("User-Agent", "Consul Health Check"), ("Accept", "text/plain, text/*, */*")]
        for (name, values) in target.headers.sorted(by: { $0.key < $1.key }) {
            headers.removeAll { $0.0.lowercased() == name.lowercased() }
            headers += values.map { (name, $0) }
        }
        let exchange = HTTPExchange(
            host: url.host, port: url.port, method: target.method, path: url.path,
            headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(target.body.utf8), timeout: timeout,
            bodyLimit: RegistryCheck.outputLimit, eventLoopGroup: eventLoopGroup)
        do {
            let answer = try await exchange.send()
            let output = "\(label): \(answer.statusLine) Output: \(String(decoding: answer.body, as: UTF8.self))"
            let status: CheckStatus =
                (200..<300).contains(answer.code) ? .passing : answer.code == 429 ? .warning : .critical
            return .init(status: status, output: output)
        } catch {
            return .init(status: .critical, output: "\(label): \(CheckProbe.describe(error))")
        }
    }
}

/// The parts of an `http://host[:port]/path` URL.
struct CheckURL: Sendable, Hashable {
    var host: String
    var port: Int
    var path: String

    /// Parses `text`; nil when it is not an `http://` URL with a host.
    init?(_ text: String) {
        guard let url = URL(string: text), url.scheme?.lowercased() == "http",
            let host = url.host(percentEncoded: false), !host.isEmpty
        else { return nil }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = url.port ?? 80
        let path = url.path(percentEncoded: true)
        self.path = (path.isEmpty ? "/" : path) + (url.query(percentEncoded: true).map { "?" + $0 } ?? "")
    }

    /// The `Host:` header value.
    var hostHeader: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
