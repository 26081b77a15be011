#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The last `capacity` lines of one service, stored as raw bytes in one arena and decoded only
/// when asked for, so keeping a line costs a copy and no allocation.
struct LineRing {
    private struct Entry {
        /// Absolute offset of the line's first byte (arena index + `arenaBase`).
        var start: Int
        var length: Int
        var time: Double
        var nameID: Int
    }

    /// Dead arena bytes tolerated before compaction.
    private static let compactionThreshold = 64 * 1024

    let capacity: Int
    private var entries: [Entry] = []
    /// Index of the oldest entry once `entries` is full.
    private var head = 0
    private let arena = ByteAccumulator()
    private var arenaBase = 0
    private var names: [String] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Number of lines kept.
    var count: Int { self.entries.count }

    /// The id under which `name` is stored (registered once per stream).
    mutating func nameID(for name: String) -> Int {
        if let index = self.names.firstIndex(of: name) {
            return index
        }
        self.names.append(name)
        return self.names.count - 1
    }

    /// Keeps a copy of `line`, dropping the oldest line when full.
    mutating func append(_ line: UnsafeRawBufferPointer, time: Double, nameID: Int) {
        guard self.capacity > 0 else { return }
        let entry = Entry(start: self.arenaBase + self.arena.count, length: line.count, time: time, nameID: nameID)
        self.arena.append(line)
        if self.entries.count < self.capacity {
            self.entries.append(entry)
            return
        }
        self.entries[self.head] = entry
        self.head += 1
        if self.head == self.capacity {
            self.head = 0
        }
        let dead = self.entries[self.head].start - self.arenaBase
        if dead >= Self.compactionThreshold && dead >= self.arena.count / 2 {
            self.arena.removeFirst(dead)
            self.arenaBase += dead
        }
    }

    /// The last `limit` lines (all when nil), oldest first.
    func lines(limit: Int?) -> [LogLine] {
        let total = self.entries.count
        let wanted = min(total, max(0, limit ?? total))
        var result: [LogLine] = []
        result.reserveCapacity(wanted)
        for position in (total - wanted)..<total {
            let entry = self.entries[(self.head + position) % total]
            let bytes = self.arena.slice(offset: entry.start - self.arenaBase, length: entry.length)
            result.append(
                LogLine(
                    displayName: self.names[entry.nameID],
                    text: String(decoding: bytes, as: UTF8.self),
                    time: Date(timeIntervalSince1970: entry.time)
                )
            )
        }
        return result
    }
}
