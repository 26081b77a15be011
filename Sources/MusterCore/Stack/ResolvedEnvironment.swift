/// The environment of one instance, each value with its origin; later layers win.
public struct ResolvedEnvironment: Sendable, Hashable {
    /// One variable's value and where it came from.
    public struct Entry: Sendable, Hashable {
        /// The value.
        public var value: String
        /// Its origin.
        public var origin: EnvironmentOrigin
    }

    /// Every variable by name.
    public private(set) var entries: [String: Entry] = [:]

    /// An empty environment.
    public init() {}

    /// Sets every variable of `layer` from `origin`, replacing values of lower or equal precedence.
    public mutating func apply(_ layer: [String: String], origin: EnvironmentOrigin) {
        for (key, value) in layer {
            if let existing = entries[key], existing.origin > origin { continue }
            entries[key] = Entry(value: value, origin: origin)
        }
    }

    /// The plain name-to-value map a child process receives.
    public var values: [String: String] { entries.mapValues(\.value) }

    /// The value of `key`, if set.
    public subscript(key: String) -> String? { entries[key]?.value }
}
