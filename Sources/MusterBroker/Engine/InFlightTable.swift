/// The messages a channel has in flight, by id.
///
/// An open-addressing table (linear probing, backward-shift deletion) that hashes the broker's
/// sequential ids with one multiplication. Every delivered message is inserted and every FIN removes
/// one; the standard `Dictionary` spent most of that time in its seeded SipHash.
struct InFlightTable: Sendable {
    /// One message in flight.
    struct Entry: Sendable {
        var message: NSQMessage
        var owner: ConsumerID
        var deadline: UInt64
        var latestDeadline: UInt64

        /// Runs `body` on this entry in place (for `entries[index]?.apply(body)`).
        mutating func apply<R>(_ body: (inout Entry) -> R) -> R { body(&self) }
    }

    /// The key of a free slot; the engine numbers messages from 1.
    private static let free: UInt64 = 0
    private static let minimumCapacity = 16
    private var keys: [UInt64]
    private var entries: [Entry?]
    private var shift: UInt64
    private(set) var count = 0

    init() { self.init(capacity: Self.minimumCapacity) }

    private init(capacity: Int) {
        keys = Array(repeating: Self.free, count: capacity)
        entries = Array(repeating: nil, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    var isEmpty: Bool { count == 0 }

    private var mask: Int { keys.count - 1 }

    private func home(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private func slot(of id: MessageID) -> Int? {
        let key = id.rawValue
        guard key != Self.free else { return nil }
        var index = home(of: key)
        while keys[index] != Self.free {
            if keys[index] == key { return index }
            index = (index + 1) & mask
        }
        return nil
    }

    /// The entry of `id`, if in flight.
    subscript(id: MessageID) -> Entry? { slot(of: id).flatMap { entries[$0] } }

    /// Every entry, in no particular order.
    var all: [Entry] { entries.compactMap { $0 } }

    /// Adds (or replaces) the entry of its message's id.
    mutating func insert(_ entry: consuming Entry) {
        let key = entry.message.id.rawValue
        precondition(key != Self.free, "message ids start at 1")
        if (count + 1) * 2 > keys.count { resize(to: keys.count * 2) }
        var index = home(of: key)
        while keys[index] != Self.free, keys[index] != key { index = (index + 1) & mask }
        if keys[index] == Self.free { count += 1 }
        keys[index] = key
        entries[index] = consume entry
    }

    /// Runs `body` on the entry of `id` in place; `nil` when it is not in flight.
    mutating func modify<R>(_ id: MessageID, _ body: (inout Entry) -> R) -> R? {
        guard let index = slot(of: id) else { return nil }
        return entries[index]?.apply(body)
    }

    /// Removes and returns the entry of `id` when `owner` holds it; the reason otherwise.
    mutating func remove(_ id: MessageID, ownedBy owner: ConsumerID) -> Result<Entry, InFlightFailure> {
        guard let index = slot(of: id) else { return .failure(.notInFlight) }
        guard entries[index]?.owner == owner else { return .failure(.notOwner) }
        guard let entry = remove(at: index) else { return .failure(.notInFlight) }
        return .success(entry)
    }

    /// Removes and returns every entry matching `predicate`, ordered by id.
    mutating func removeAll(where predicate: (Entry) -> Bool) -> [Entry] {
        let ids = entries.compactMap { entry in entry.flatMap { predicate($0) ? $0.message.id : nil } }
        return ids.sorted().compactMap { id in slot(of: id).flatMap { remove(at: $0) } }
    }

    mutating func removeAll() { self = InFlightTable() }

    /// Removes the entry at the used slot `index`; `nil` (and nothing changed) when the slot is empty.
    private mutating func remove(at index: Int) -> Entry? {
        guard let entry = entries[index].take() else { return nil }
        keys[index] = Self.free
        count -= 1
        // Shift later entries of the probe run back into the hole when that is still at or after their home.
        var hole = index
        var next = (index + 1) & mask
        while keys[next] != Self.free {
            if (next - home(of: keys[next])) & mask >= (next - hole) & mask {
                keys[hole] = keys[next]
                entries[hole] = entries[next].take()
                keys[next] = Self.free
                hole = next
            }
            next = (next + 1) & mask
        }
        if keys.count > 1024, count * 8 < keys.count { resize(to: keys.count / 2) }
        return entry
    }

    private mutating func resize(to capacity: Int) {
        var resized = InFlightTable(capacity: max(capacity, Self.minimumCapacity))
        for index in entries.indices where keys[index] != Self.free {
            if let entry = entries[index].take() { resized.insert(entry) }
        }
        self = resized
    }
}
