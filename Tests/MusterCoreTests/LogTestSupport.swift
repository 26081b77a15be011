import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import MusterCore

/// A multiplexer printing to a temporary file, with its own one-thread event loop group.
struct LogHarness {
    let directory: String
    let outputPath: String
    let outputFD: Int32
    let group: MultiThreadedEventLoopGroup
    let multiplexer: LogMultiplexer

    init(
        options: LogOptions = LogOptions(useColor: false, showTimestamps: false),
        names: [String] = ["web"],
        configure: (inout LogOptions, String) -> Void = { _, _ in }
    ) throws {
        var template = Array("/tmp/muster-log-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { $0.baseAddress.flatMap { mkdtemp($0) } }
        #expect(created != nil)
        self.directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.outputPath = "\(self.directory)/output.txt"
        self.outputFD = open(self.outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        #expect(self.outputFD >= 0)
        var options = options
        configure(&options, self.directory)
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.multiplexer = try LogMultiplexer(
            outputFD: self.outputFD, options: options, names: names, eventLoopGroup: self.group)
    }

    /// Everything printed so far.
    func output() -> [UInt8] {
        Self.contents(of: self.outputPath)
    }

    /// The printed lines, decoded leniently.
    func outputLines() -> [String] {
        Self.lines(of: self.output())
    }

    /// Starts a pipe read as `displayName` and returns the write end and the stream.
    func attachPipe(_ displayName: String, service: String? = nil) async throws -> (Int32, LogStream) {
        let (readEnd, writeEnd) = makeLogPipe()
        let stream = try await self.multiplexer.attach(
            fd: readEnd, displayName: displayName, service: service ?? displayName)
        return (writeEnd, stream)
    }

    /// Shuts everything down, removes the temporary directory and returns the printed lines.
    @discardableResult
    func finish() async -> [String] {
        Self.lines(of: await self.finishWithBytes())
    }

    /// Shuts everything down, removes the temporary directory and returns the printed bytes.
    func finishWithBytes() async -> [UInt8] {
        await self.multiplexer.shutdown()
        close(self.outputFD)
        try? await self.group.shutdownGracefully()
        let output = self.output()
        try? FileManager.default.removeItem(atPath: self.directory)
        return output
    }

    static func contents(of path: String) -> [UInt8] {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).map { [UInt8]($0) } ?? []
    }

    static func lines(of bytes: [UInt8]) -> [String] {
        var parts = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if parts.last == "" {
            parts.removeLast()
        }
        return parts
    }
}

/// A pipe whose ends are close-on-exec.
func makeLogPipe() -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    let result = pipe(&fds)
    precondition(result == 0, "pipe failed: \(errno)")
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    return (fds[0], fds[1])
}

/// Writes all of `bytes` to `fd` (blocking).
func writeToLogPipe(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        guard let base = raw.baseAddress else { return }  // nothing to write
        var offset = 0
        while offset < raw.count {
            let n = write(fd, base + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                Issue.record("write failed: \(errno)")
                return
            }
            offset += n
        }
    }
}

func writeToLogPipe(_ fd: Int32, _ text: String) {
    writeToLogPipe(fd, Array(text.utf8))
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func logEventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() {
            return true
        }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}

/// Runs `body` on a new thread and returns a handle to wait for it.
final class LogWriterThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Void) {
        let done = self.done
        Thread.detachNewThread {
            body()
            done.signal()
        }
    }

    /// Waits (off the cooperative pool) until the thread's body returned.
    func join() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.done.wait()
                continuation.resume()
            }
        }
    }
}
