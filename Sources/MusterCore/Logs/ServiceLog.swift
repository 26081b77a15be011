import Synchronization

/// What Muster keeps of one service (shared by its replicas): its ring buffer and log file.
final class ServiceLog: Sendable {
    let service: String
    let ring: LogLockedBox<LineRing>
    private let file: Mutex<RotatingLogFile?>
    /// Whether lines should be formatted for a file at all (a file was opened).
    let hasFile: Bool

    init(service: String, ringCapacity: Int, file: RotatingLogFile?) {
        self.service = service
        self.ring = LogLockedBox(LineRing(capacity: ringCapacity))
        self.hasFile = file != nil
        self.file = Mutex(file)
    }

    /// Appends a batch of formatted lines to the log file. On failure the file is closed and
    /// the error returned once, so the caller can report it.
    func writeFile(_ bytes: UnsafeRawBufferPointer) -> LogError? {
        self.file.withLock { file -> LogError? in
            guard file != nil else { return nil }
            do throws(LogError) {
                try file?.write(bytes)
                return nil
            } catch {
                file = nil
                return error
            }
        }
    }

    /// Closes the log file; later batches are not saved.
    func closeFile() {
        self.file.withLock { file in
            file?.close()
            file = nil
        }
    }

    /// The last `limit` lines kept, oldest first.
    func recentLines(limit: Int?) -> [LogLine] {
        self.ring.withLock { $0.lines(limit: limit) }
    }
}
