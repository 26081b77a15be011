import Foundation
import MusterCore
import Synchronization

/// A `muster` process started by a test, with its output collected as it arrives.
///
/// It is started through MusterCore's own spawner: the reaper of MusterCore collects every child
/// of the test process, so children started any other way would lose their exit status to it.
public final class RunningMuster: Sendable {
    private let child: ChildProcess
    private let collected: ByteCollector
    private let errors = ByteCollector()
    /// The value of `MUSTER_TEST_TOKEN` in its environment, inherited by every descendant.
    public let token: String

    /// Starts `muster arguments...` in `directory` with `environment` added to the test's own.
    /// With `keepingLinesContaining`, standard output is read at full speed but only the lines
    /// containing that text are kept (for floods that would not fit in memory). With
    /// `standardInputPath`, that file is its standard input (else /dev/null).
    public init(
        _ arguments: [String], in directory: String, environment: [String: String] = [:],
        keepingLinesContaining filter: String? = nil, standardInputPath: String? = nil
    ) async throws {
        token = UUID().uuidString
        collected = ByteCollector(keepingLinesContaining: filter)
        var merged = ProcessInfo.processInfo.environment
        for key in ["FORCE_COLOR", "NO_COLOR", "MUSTER_FILE"] { merged.removeValue(forKey: key) }
        merged["MUSTER_TEST_TOKEN"] = token
        environment.forEach { merged[$0.key] = $0.value }
        let output = Pipe()
        let errorOutput = Pipe()
        Self.collect(output.fileHandleForReading, into: collected)
        Self.collect(errorOutput.fileHandleForReading, into: errors)
        let input = try standardInputPath.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) }
        defer {
            try? input?.close()
            try? output.fileHandleForWriting.close()
            try? errorOutput.fileHandleForWriting.close()
        }
        child = try await ChildProcess.spawn(
            SpawnRequest(
                executablePath: MusterBinary.path, arguments: [MusterBinary.path] + arguments, environment: merged,
                workingDirectory: directory, standardInput: input?.fileDescriptor ?? nullInput,
                output: output.fileHandleForWriting.fileDescriptor,
                errorOutput: errorOutput.fileHandleForWriting.fileDescriptor))
    }

    /// Everything written to standard output so far.
    public var output: String { collected.text }

    /// Everything written to standard error so far.
    public var errorOutput: String { errors.text }

    /// Standard output, line by line.
    public var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The pid of the muster process.
    public var pid: Int32 { child.pid }

    /// Waits until standard output contains `text`.
    public func waitForOutput(_ text: String, timeout: Duration = .seconds(30)) async throws {
        try await waitUntil("output containing \"\(text)\"; got:\n\(output)", timeout: timeout) {
            output.contains(text)
        }
    }

    /// Waits until `text` occurs at least `count` times in standard output.
    public func waitForOutput(_ text: String, count: Int, timeout: Duration = .seconds(30)) async throws {
        try await waitUntil("\(count) × \"\(text)\"; got:\n\(output)", timeout: timeout) {
            output.components(separatedBy: text).count - 1 >= count
        }
    }

    /// Sends `signal` to the muster process.
    public func send(_ signal: Int32) {
        kill(child.pid, signal)
    }

    /// Waits for muster to exit and returns its exit code (128 + signal when killed).
    public func waitForExit(timeout: Duration = .seconds(60)) async throws -> Int32 {
        var status: ExitStatus?
        try await waitUntil("muster to exit; output so far:\n\(output)\(errorOutput)", timeout: timeout) {
            status = child.exitStatusIfExited()
            return status != nil
        }
        // The output pipes close when muster (and its watchdog) have gone.
        try await waitUntil("muster's output to close", timeout: .seconds(5)) { collected.closed && errors.closed }
        guard let status else { throw DeadlineExceeded(what: "muster's exit status") }
        return status.shellCode
    }

    /// Kills muster if it is still running (for test cleanup).
    public func terminate() {
        if child.exitStatusIfExited() == nil { kill(child.pid, SIGKILL) }
    }

    /// Reads `handle` on a thread of its own until end of file.
    private static func collect(_ handle: FileHandle, into collector: ByteCollector) {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                collector.append(Data(buffer[0..<count]))
            }
            collector.close()
        }
        thread.start()
    }
}

/// Bytes appended by a reader thread and read by the test.
final class ByteCollector: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let partial = Mutex<[UInt8]>([])
    private let filter: [UInt8]?
    private let finished = Mutex(false)

    /// Whether the writer closed the pipe.
    var closed: Bool { finished.withLock { $0 } }

    func close() { finished.withLock { $0 = true } }

    init(keepingLinesContaining filter: String? = nil) {
        self.filter = filter.map { Array($0.utf8) }
    }

    func append(_ data: Data) {
        guard let filter else {
            bytes.withLock { $0.append(contentsOf: data) }
            return
        }
        let kept: [UInt8] = partial.withLock { carry in
            carry.append(contentsOf: data)
            guard let lastNewline = carry.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
            var kept: [UInt8] = []
            for line in carry[...lastNewline].split(separator: UInt8(ascii: "\n")) where line.contains(filter) {
                kept.append(contentsOf: line)
                kept.append(UInt8(ascii: "\n"))
            }
            carry.removeSubrange(...lastNewline)
            return kept
        }
        if !kept.isEmpty { bytes.withLock { $0.append(contentsOf: kept) } }
    }

    var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
}

/// `/dev/null` opened for reading, the standard input of processes the tests start.
public let nullInput: Int32 = open("/dev/null", O_RDONLY | O_CLOEXEC)
