/// The fixed parts of one display name's prefix; a batch only adds the timestamp.
struct PrefixTemplate: Sendable {
    /// Colour escape before everything (empty without colour).
    let head: [UInt8]
    /// Padded name, ` |`, colour reset and the space before the text.
    let tail: [UInt8]
    /// What ends a printed line: `\n`, after a reset when the text itself is coloured.
    let lineEnd: [UInt8]
    /// ` name | ` for log-file lines, which always start with the timestamp and have no colour.
    let fileTail: [UInt8]
    let showTimestamp: Bool

    /// Writes the printed prefix for `stamp` (eight `HH:MM:SS` bytes) into `prefix`.
    func render(into prefix: inout [UInt8], stamp: [UInt8]) {
        prefix.removeAll(keepingCapacity: true)
        prefix.append(contentsOf: self.head)
        if self.showTimestamp {
            prefix.append(contentsOf: stamp)
            prefix.append(0x20)
        }
        prefix.append(contentsOf: self.tail)
    }

    /// Writes the log-file prefix for `stamp` into `prefix`.
    func renderFile(into prefix: inout [UInt8], stamp: [UInt8]) {
        prefix.removeAll(keepingCapacity: true)
        prefix.append(contentsOf: stamp)
        prefix.append(contentsOf: self.fileTail)
    }
}
