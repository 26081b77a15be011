import MusterNet

/// `?index=` and `?wait=` of a blocking query (`shared/protocols.md` §4.8).
struct BlockingOptions: Sendable {
    /// The default wait when `?wait` is absent.
    static let defaultWait: Duration = .seconds(300)
    /// The longest wait.
    static let maximumWait: Duration = .seconds(600)

    /// The index the client has seen; nil or 0 answers at once.
    var index: UInt64?
    /// How long to wait for a change, with Consul's random extra of up to a sixteenth.
    var wait: Duration

    init(_ query: URLQuery) throws(RegistryError) {
        if let text = query["index"] {
            guard let index = UInt64(text) else { throw .badRequest("Invalid index") }
            self.index = index
        }
        var wait = Self.defaultWait
        if let text = query["wait"], !text.isEmpty {
            // A bare number is seconds, as Consul's parser accepts.
            guard let parsed = GoDuration.parse(text) ?? UInt64(text).map({ Duration.seconds($0) }) else {
                throw .badRequest("Invalid wait time")
            }
            wait = min(max(parsed, .zero), Self.maximumWait)
        }
        let jitterLimit = wait / 16
        let jitterNanoseconds = Int64(
            jitterLimit.components.seconds * 1_000_000_000 + jitterLimit.components.attoseconds / 1_000_000_000)
        self.wait = wait + .nanoseconds(jitterNanoseconds > 0 ? Int64.random(in: 0...jitterNanoseconds) : 0)
    }
}

extension URLQuery {
    /// A boolean flag as Go's `strconv.ParseBool` reads it; present without a value is true.
    func flag(_ name: String) throws(RegistryError) -> Bool {
        guard let text = self[name] else { return false }
        switch text {
        case "", "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: throw .badRequest("Invalid value for ?\(name)")
        }
    }

    /// An unsigned number parameter; a 400 naming it when malformed.
    func unsigned(_ name: String, message: String) throws(RegistryError) -> UInt64? {
        guard let text = self[name] else { return nil }
        guard let value = UInt64(text) else { throw .badRequest(message) }
        return value
    }
}
