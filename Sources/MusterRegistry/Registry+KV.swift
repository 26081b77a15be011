/// Writes to the KV store (`shared/protocols.md` §4.6).
extension Registry {
    /// Stores `value` at `key` unless `cas` forbids it; returns whether it was stored.
    public func put(key: String, value: [UInt8], flags: UInt64 = 0, cas: UInt64? = nil) -> Bool {
        guard kv.puts(key, cas: cas) else { return false }
        return kv.put(key, value: value, flags: flags, cas: cas, at: commit())
    }

    /// Deletes `key` (only when its ModifyIndex is `cas`, if given); returns false only when `cas` forbade it.
    public func delete(key: String, cas: UInt64? = nil) -> Bool {
        guard kv.deletes(key, cas: cas) else { return cas == nil }
        return kv.delete(key, cas: cas, at: commit())
    }

    /// Deletes every key under `prefix`.
    public func deleteTree(prefix: String) {
        guard kv.entries.keys.contains(where: { $0.hasPrefix(prefix) }) else { return }
        _ = kv.deleteTree(prefix, at: commit())
    }

    /// The entry of `key`, if any.
    public func entry(_ key: String) -> KVEntry? { kv.entry(key) }
}
