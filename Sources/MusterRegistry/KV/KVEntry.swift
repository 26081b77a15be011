/// One key of the KV store (`shared/protocols.md` §4.6); values are raw bytes.
public struct KVEntry: Sendable, Hashable {
    /// `Key`.
    public var key: String
    /// The value, any bytes; empty reads back as JSON `null`.
    public var value: [UInt8]
    /// `Flags`: an opaque number clients may set.
    public var flags: UInt64
    /// The index of the write that created it.
    public var createIndex: UInt64
    /// The index of the write that last changed it.
    public var modifyIndex: UInt64
}
