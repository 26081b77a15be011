#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cuts a byte stream into lines: strips the `\n` that ends each (a `\r` before it stays: a
/// child's bytes pass through untouched, CRLF too), splits lines longer than `maxLineLength`,
/// and keeps an incomplete last line (at most `maxLineLength` bytes) until it is completed or
/// flushed.
struct LineSplitter {
    private static let newline: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    let maxLineLength: Int
    /// The incomplete line so far (never more than `maxLineLength` bytes).
    private(set) var pending: [UInt8] = []
    /// Set after a partial line was flushed, so the newline that later completes it does not
    /// print an empty line.
    private var swallowNextNewline = false

    init(maxLineLength: Int) {
        precondition(maxLineLength > 0, "maxLineLength must be positive")
        self.maxLineLength = maxLineLength
    }

    /// Whether an incomplete line is waiting.
    var hasPending: Bool { !self.pending.isEmpty }

    /// Feeds `chunk`, calling `emit` for every complete line (without its line ending).
    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let end = chunk.count
        var start = 0
        if self.swallowNextNewline {
            self.swallowNextNewline = false
            if chunk[0] == Self.newline {
                start = 1
            } else if end >= 2, chunk[0] == Self.carriageReturn, chunk[1] == Self.newline {
                start = 2
            }
        }
        while start < end {
            guard let found = memchr(base + start, Int32(Self.newline), end - start) else {
                self.keepPartial(UnsafeRawBufferPointer(start: base + start, count: end - start), emit)
                return
            }
            let newlineOffset = base.distance(to: UnsafeRawPointer(found))
            let segment = UnsafeRawBufferPointer(start: base + start, count: newlineOffset - start)
            if self.pending.isEmpty {
                self.emitLine(segment, emit)
            } else {
                self.keepPartial(segment, emit)
                self.pending.withUnsafeBytes { self.emitLine($0, emit) }
                self.pending.removeAll(keepingCapacity: self.pending.capacity <= 4096)
            }
            start = newlineOffset + 1
        }
    }

    /// Emits the incomplete line, if any, as a line of its own.
    mutating func flushPending(_ emit: (UnsafeRawBufferPointer) -> Void) {
        guard !self.pending.isEmpty else { return }
        self.pending.withUnsafeBytes { emit($0) }
        self.pending.removeAll(keepingCapacity: self.pending.capacity <= 4096)
        self.swallowNextNewline = true
    }

    /// Emits a complete line in pieces of at most `maxLineLength` bytes; a `\r` that ends it is
    /// part of its line ending, so it rides on the last piece and never makes a piece of its own.
    private func emitLine(_ line: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        let endsWithReturn = line.last == Self.carriageReturn
        let length = endsWithReturn ? line.count - 1 : line.count
        if length <= self.maxLineLength {
            emit(line)
            return
        }
        var offset = 0
        while offset < length {
            let piece = min(self.maxLineLength, length - offset)
            let last = offset + piece == length
            emit(UnsafeRawBufferPointer(rebasing: line[offset..<(offset + piece + (last && endsWithReturn ? 1 : 0))]))
            offset += piece
        }
    }

    /// Adds bytes to the incomplete line; whenever it would outgrow `maxLineLength`, emits
    /// `maxLineLength` bytes of it as a line of its own.
    private mutating func keepPartial(
        _ bytes: UnsafeRawBufferPointer,
        _ emit: (UnsafeRawBufferPointer) -> Void
    ) {
        var rest = bytes
        while self.pending.count + rest.count > self.maxLineLength {
            let room = self.maxLineLength - self.pending.count
            if self.pending.isEmpty {
                emit(UnsafeRawBufferPointer(rebasing: rest[rest.startIndex..<(rest.startIndex + room)]))
            } else {
                self.pending.append(contentsOf: rest[rest.startIndex..<(rest.startIndex + room)])
                self.pending.withUnsafeBytes { emit($0) }
                self.pending.removeAll(keepingCapacity: true)
            }
            rest = UnsafeRawBufferPointer(rebasing: rest[(rest.startIndex + room)...])
        }
        self.pending.append(contentsOf: rest)
    }
}
