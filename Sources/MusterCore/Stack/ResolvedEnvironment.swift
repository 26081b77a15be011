/// The environment of one instance, each value with its origin; later layers win.
package struct ResolvedEnvironment: Sendable, Hashable {
    /// One variable's value and where it came from.
    package struct Entry: Sendable, Hashable {
        /// The value.
        package var value: String
        /// Its origin.
        package var origin: EnvironmentOrigin
    }

    /// Every variable by name.
    package private(set) var entries: [String: Entry] = [:]

    /// An empty environment.
    package init() {}

    /// Sets every variable of `layer` from `origin`, replacing values of lower or equal precedence.
    package mutating func apply(_ layer: [String: String], origin: EnvironmentOrigin) {
        for (key, value) in layer {
            if let existing = entries[key], existing.origin > origin { continue }
            entries[key] = Entry(value: value, origin: origin)
        }
    }

    /// The plain name-to-value map a child process receives.
    package var values: [String: String] { entries.mapValues(\.value) }

    /// The value of `key`, if set.
    package subscript(key: String) -> String? { entries[key]?.value }
}
