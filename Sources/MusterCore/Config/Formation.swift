/// How many instances of each Procfile service to run (`-m web=2,worker=3`, `all=N`).
public struct Formation: Sendable, Equatable {
    /// Explicit counts by service name (never contains `all`).
    public private(set) var counts: [String: Int]
    /// The count from `all=N`, applied to every service without an explicit count.
    public private(set) var all: Int?

    /// Every service 1.
    public static let `default` = Formation()

    /// Creates a formation from explicit counts and an optional `all` count.
    public init(counts: [String: Int] = [:], all: Int? = nil) {
        self.counts = counts
        self.all = all
    }

    /// Parses the `-m` flag value; errors name the flag and the offending item.
    public static func parse(_ spec: String) throws(ConfigError) -> Formation {
        guard !spec.allSatisfy(\.isWhitespace) else {
            throw failure(
                "the -m value is empty; write it as NAME=N items separated by commas, such as web=2,worker=3")
        }
        var formation = Formation()
        for rawItem in spec.split(separator: ",", omittingEmptySubsequences: false) {
            let (name, count) = try parseItem(rawItem.trimmingBlanks())
            if name == "all" {
                guard formation.all == nil else { throw duplicate(name) }
                formation.all = count
            } else {
                guard formation.counts[name] == nil else { throw duplicate(name) }
                formation.counts[name] = count
            }
        }
        return formation
    }

    /// The instance count for `service` (explicit entry, else `all`, else 1). 0 is allowed (service not run).
    public func count(for service: String) -> Int {
        counts[service] ?? all ?? 1
    }

    /// Names in the formation that are not `all` and not in `services`, sorted, so the caller can report them.
    public func unknownNames(among services: [String]) -> [String] {
        let known = Set(services)
        return counts.keys.filter { !known.contains($0) }.sorted()
    }

    /// Throws when the formation names something that is not one of `services`, the services of `file`.
    public func validate(services: [String], file: String) throws(ConfigError) {
        guard let unknown = unknownNames(among: services).first else { return }
        throw Self.failure(
            "-m names \"\(unknown)\", which is not a service of \(file); the services are \(services.joined(separator: ", "))"
        )
    }

    private static func parseItem(_ item: Substring) throws(ConfigError) -> (String, Int) {
        guard !item.isEmpty else {
            throw failure(
                "the -m value has an empty item; separate NAME=N items with single commas, such as web=2,worker=3")
        }
        guard let equals = item.firstIndex(of: "=") else {
            throw failure("the -m item \"\(item)\" has no count; write it as NAME=N, such as \(item)=2")
        }
        let name = item[..<equals].trimmingBlanks()
        let countText = item[item.index(after: equals)...].trimmingBlanks()
        guard !name.isEmpty else {
            throw failure("the -m item \"\(item)\" has no service name; write it as NAME=N, such as web=2")
        }
        guard !countText.isEmpty, countText.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let count = Int(countText)
        else {
            throw failure(
                "the count in the -m item \"\(item)\" is not a whole number of 0 or more; "
                    + "write it as NAME=N, such as \(name)=2")
        }
        return (String(name), count)
    }

    private static func duplicate(_ name: String) -> ConfigError {
        failure("the -m value sets \"\(name)\" more than once; keep one item for it")
    }

    private static func failure(_ message: String) -> ConfigError {
        ConfigError(file: nil, line: nil, message: message)
    }
}

extension Substring {
    fileprivate func trimmingBlanks() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
