/// The KV store as a value: entries, tombstones of deleted keys (so a blocking query on a
/// prefix wakes on deletions), and the index of each key and prefix.
struct KVState: Sendable {
    /// At most this many tombstones are kept; past that they are dropped and `floor` rises.
    static let tombstoneLimit = 10_000

    private(set) var entries: [String: KVEntry] = [:]
    private var tombstones: [String: UInt64] = [:]
    /// The least index any key or prefix reports.
    private var floor: UInt64

    /// An empty store whose indexes start at `startIndex`.
    init(startIndex: UInt64) {
        floor = startIndex
    }

    /// The entry of `key`.
    func entry(_ key: String) -> KVEntry? { entries[key] }

    /// Every entry whose key starts with `prefix`, sorted by key.
    func entries(under prefix: String) -> [KVEntry] {
        entries.values.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
    }

    /// The keys under `prefix`; with a `separator`, deeper keys are cut after the first
    /// separator past the prefix and listed once.
    func keys(under prefix: String, separator: String?) -> [String] {
        var result = Set<String>()
        for key in entries.keys where key.hasPrefix(prefix) {
            guard let separator, !separator.isEmpty,
                let range = key[key.index(key.startIndex, offsetBy: prefix.count)...].firstRange(of: separator)
            else {
                result.insert(key)
                continue
            }
            result.insert(String(key[..<range.upperBound]))
        }
        return result.sorted()
    }

    /// The index a read of `key` reports: when it (or its deletion) was last written.
    func index(of key: String) -> UInt64 {
        max(entries[key]?.modifyIndex ?? tombstones[key] ?? 0, floor)
    }

    /// The index a read of the prefix reports: the latest write or deletion under it.
    func index(under prefix: String) -> UInt64 {
        var latest = floor
        for entry in entries.values where entry.modifyIndex > latest && entry.key.hasPrefix(prefix) {
            latest = entry.modifyIndex
        }
        for (key, index) in tombstones where index > latest && key.hasPrefix(prefix) { latest = index }
        return latest
    }

    /// Stores `value` at `key` unless `cas` forbids it (0: only when absent; N: only when its
    /// ModifyIndex is N). Returns whether it was stored.
    mutating func put(_ key: String, value: [UInt8], flags: UInt64, cas: UInt64?, at index: UInt64) -> Bool {
        guard puts(key, cas: cas) else { return false }
        let existing = entries[key]
        entries[key] = KVEntry(
            key: key, value: value, flags: flags, createIndex: existing?.createIndex ?? index, modifyIndex: index)
        tombstones.removeValue(forKey: key)
        return true
    }

    /// Whether `cas` allows a put at `key` (0: only when absent; N: only when its ModifyIndex is N).
    func puts(_ key: String, cas: UInt64?) -> Bool {
        guard let cas else { return true }
        return cas == 0 ? entries[key] == nil : entries[key]?.modifyIndex == cas
    }

    /// Whether `delete(key, cas:)` would change anything.
    func deletes(_ key: String, cas: UInt64?) -> Bool {
        guard let existing = entries[key] else { return false }
        return cas.map { $0 != 0 && existing.modifyIndex == $0 } ?? true
    }

    /// Deletes `key` (only when its ModifyIndex is `cas`, if given). Returns whether it was deleted.
    mutating func delete(_ key: String, cas: UInt64?, at index: UInt64) -> Bool {
        guard deletes(key, cas: cas) else { return false }
        entries.removeValue(forKey: key)
        bury([key], at: index)
        return true
    }

    /// Deletes every key under `prefix`. Returns whether any was deleted.
    mutating func deleteTree(_ prefix: String, at index: UInt64) -> Bool {
        let doomed = entries.keys.filter { $0.hasPrefix(prefix) }
        guard !doomed.isEmpty else { return false }
        for key in doomed { entries.removeValue(forKey: key) }
        bury(doomed, at: index)
        return true
    }

    private mutating func bury(_ keys: [String], at index: UInt64) {
        for key in keys { tombstones[key] = index }
        if tombstones.count > Self.tombstoneLimit {
            tombstones.removeAll()
            floor = index
        }
    }
}
