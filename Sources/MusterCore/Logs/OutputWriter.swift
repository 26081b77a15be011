import Synchronization

/// Serialises whole batches of lines onto Muster's output descriptor, so lines never tear.
final class OutputWriter: Sendable {
    private struct State {
        var failedWrites = 0
        var lastError: Int32 = 0
    }

    let fd: Int32
    private let state = Mutex(State())

    init(fd: Int32) {
        self.fd = fd
    }

    /// Writes `bytes` in one piece while holding the output lock. Blocks while the output is
    /// slow: that is the backpressure which stops reads and, in turn, the children.
    func write(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        self.state.withLock { state in
            let code = POSIXWriter.writeAll(fd: self.fd, bytes)
            if code != 0 {
                state.failedWrites += 1
                state.lastError = code
            }
        }
    }

    /// How many batches could not be written (output closed or broken), and the last errno.
    var failures: (count: Int, lastError: Int32) {
        self.state.withLock { ($0.failedWrites, $0.lastError) }
    }
}
