/// A binary min-heap of messages keyed by the monotonic nanosecond at which they become due.
struct DeferredHeap: Sendable {
    struct Entry: Sendable {
        var due: UInt64
        var message: NSQMessage
    }

    private var entries: [Entry] = []

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }
    var nextDue: UInt64? { entries.first?.due }

    mutating func insert(_ message: NSQMessage, due: UInt64) {
        entries.append(Entry(due: due, message: message))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].due < entries[parent].due else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns every message due at or before `now`.
    mutating func popDue(_ now: UInt64) -> [NSQMessage] {
        var due: [NSQMessage] = []
        while let first = entries.first, first.due <= now {
            due.append(first.message)
            entries.swapAt(0, entries.count - 1)
            entries.removeLast()
            siftDown()
        }
        return due
    }

    private mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].due < entries[smallest].due { smallest = left }
            if right < entries.count, entries[right].due < entries[smallest].due { smallest = right }
            guard smallest != parent else { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }

    mutating func removeAll() { entries.removeAll() }
}
