#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable byte buffer with `memcpy` appends, reused across batches on the hot path.
///
/// Not thread-safe: it lives either on the log event loop or inside a lock.
final class ByteAccumulator {
    private var storage: UnsafeMutableRawPointer?
    private var capacity = 0
    private(set) var count = 0

    init(initialCapacity: Int = 0) {
        if initialCapacity > 0 {
            self.grow(toAtLeast: initialCapacity)
        }
    }

    deinit {
        free(self.storage)
    }

    /// The bytes appended so far; valid until the next mutation.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: self.storage, count: self.count)
    }

    /// Appends raw bytes.
    @inline(__always)
    func append(_ source: UnsafeRawBufferPointer) {
        let n = source.count
        // An empty buffer may have no base address; a non-empty one always has.
        guard n > 0, let sourceBase = source.baseAddress else { return }
        (self.storageWithRoom(for: n) + self.count).copyMemory(from: sourceBase, byteCount: n)
        self.count += n
    }

    /// Appends one byte.
    @inline(__always)
    func append(_ byte: UInt8) {
        self.storageWithRoom(for: 1).storeBytes(of: byte, toByteOffset: self.count, as: UInt8.self)
        self.count += 1
    }

    /// Appends the bytes of an array.
    func append(_ source: [UInt8]) {
        source.withUnsafeBytes { self.append($0) }
    }

    /// Forgets the content; gives memory back when more than `retainedCapacity` bytes are held.
    func removeAll(retainedCapacity: Int = 256 * 1024) {
        self.count = 0
        if self.capacity > retainedCapacity {
            free(self.storage)
            self.storage = nil
            self.capacity = 0
        }
    }

    /// Drops the first `n` bytes, moving the rest to the front.
    func removeFirst(_ n: Int) {
        precondition(n >= 0 && n <= self.count, "removeFirst beyond the end")
        guard n > 0 else { return }
        let rest = self.count - n
        // Bytes are held (`rest > 0`) only in allocated storage.
        if rest > 0, let storage = self.storage {
            memmove(storage, storage + n, rest)
        }
        self.count = rest
    }

    /// Returns `length` bytes starting at `offset`; valid until the next mutation.
    func slice(offset: Int, length: Int) -> UnsafeRawBufferPointer {
        precondition(offset >= 0 && length >= 0 && offset + length <= self.count, "slice out of bounds")
        return UnsafeRawBufferPointer(start: self.storage.map { $0 + offset }, count: length)
    }

    /// The storage, grown when needed so that `extra` more bytes fit after `count`.
    @inline(__always)
    private func storageWithRoom(for extra: Int) -> UnsafeMutableRawPointer {
        if self.count + extra <= self.capacity, let storage = self.storage { return storage }
        return self.grow(toAtLeast: self.count + extra)
    }

    @discardableResult
    private func grow(toAtLeast needed: Int) -> UnsafeMutableRawPointer {
        var newCapacity = max(self.capacity * 2, 4096)
        while newCapacity < needed {
            newCapacity *= 2
        }
        guard let newStorage = realloc(self.storage, newCapacity) else {
            fatalError("out of memory growing a log buffer to \(newCapacity) bytes")
        }
        self.storage = newStorage
        self.capacity = newCapacity
        return newStorage
    }
}
