import MusterNet

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads a running registry's catalog with health over its HTTP API (what `muster services` prints).
public struct RegistryClient: Sendable {
    /// One instance and its health.
    public struct Instance: Sendable, Hashable {
        /// The service name.
        public var service: String
        /// The instance ID.
        public var id: String
        /// `address:port` (the node's address when the instance has none).
        public var address: String
        /// The worst status of its checks.
        public var status: CheckStatus
        /// The output of its checks that are not passing, or of its own check when all pass.
        public var detail: String
    }

    /// Why the catalog could not be read.
    public struct Failure: Error, CustomStringConvertible {
        /// A full sentence saying what to do.
        public var description: String
    }

    /// The registry's host.
    public let host: String
    /// The registry's HTTP port.
    public let port: Int

    /// A client of the registry at `address` (`127.0.0.1:8500`, optionally with `http://`); nil when malformed.
    public init?(address: String) {
        var text = Substring(address)
        if text.lowercased().hasPrefix("http://") { text = text.dropFirst("http://".count) }
        while text.hasSuffix("/") { text = text.dropLast() }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port), colon > text.startIndex
        else { return nil }
        host = String(text[..<colon]).trimmingBrackets
        self.port = port
    }

    /// Every instance of `service` (or of every service when nil), by service then ID.
    public func instances(of service: String?) async throws(Failure) -> [Instance] {
        let names: [String]
        if let service {
            names = [service]
        } else {
            names = try await get("/v1/catalog/services", as: [String: [String]].self).keys.sorted()
        }
        var result: [Instance] = []
        for name in names {
            let path = "/v1/health/service/" + name.percentEncoded
            for entry in try await get(path, as: [HealthReading].self) { result.append(entry.instance) }
        }
        return result
    }

    private func get<T: Decodable>(_ path: String, as type: T.Type) async throws(Failure) -> T {
        let answer: HTTPExchange.Answer
        do {
            answer = try await HTTPExchange(
                host: host, port: port, path: path, timeout: .seconds(10), bodyLimit: 64 * 1024 * 1024
            ).send()
        } catch {
            throw Failure(
                description:
                    "no registry answers at \(host):\(port) (\(CheckProbe.describe(error))); start the stack with `muster start` (without --no-registry)"
            )
        }
        guard answer.code == 200 else {
            throw Failure(
                description:
                    "the registry at \(host):\(port) answered \(answer.statusLine) to \(path): \(String(decoding: answer.body, as: UTF8.self))"
            )
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(answer.body))
        } catch {
            throw Failure(description: "the registry at \(host):\(port) sent an answer Muster cannot read: \(error)")
        }
    }
}

/// The fields of a `/v1/health/service/<name>` entry that `muster services` shows.
private struct HealthReading: Decodable {
    struct NodeFields: Decodable { var Address: String }
    struct ServiceFields: Decodable {
        var ID: String
        var Service: String
        var Address: String
        var Port: Int
    }
    struct CheckFields: Decodable {
        var CheckID: String
        var Status: String
        var Output: String
        var ServiceID: String
    }

    var Node: NodeFields
    var Service: ServiceFields
    var Checks: [CheckFields]

    var instance: RegistryClient.Instance {
        let statuses = Checks.map { CheckStatus(parsing: $0.Status) ?? .critical }
        let status = CheckStatus.aggregate(statuses)
        let failing = Checks.filter { $0.Status != "passing" }
        let shown = failing.isEmpty ? Checks.filter { $0.ServiceID == Service.ID } : failing
        let detail = shown.map { $0.Output.split(whereSeparator: \.isNewline).joined(separator: " ") }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        let address = Service.Address.isEmpty ? Node.Address : Service.Address
        return .init(
            service: Service.Service, id: Service.ID, address: "\(address):\(Service.Port)", status: status,
            detail: detail)
    }
}

extension String {
    /// Every byte but ASCII letters, digits, `-`, `.`, `_` and `~` as `%XX`.
    fileprivate var percentEncoded: String {
        var result = ""
        for byte in utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80,
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar)
            {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded
            }
        }
        return result
    }

    private var leftPadded: String { count == 1 ? "0" + self : self }

    fileprivate var trimmingBrackets: String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : self
    }
}
