import Foundation
import Synchronization

/// A `muster` process started by a test, with its output collected as it arrives.
public final class RunningMuster: Sendable {
    private let process: Process
    private let collected: ByteCollector
    private let errors = ByteCollector()
    /// The value of `MUSTER_TEST_TOKEN` in its environment, inherited by every descendant.
    public let token: String

    /// Starts `muster arguments...` in `directory` with `environment` added to the test's own.
    /// With `keepingLinesContaining`, standard output is read at full speed but only the lines
    /// containing that text are kept (for floods that would not fit in memory).
    public init(
        _ arguments: [String], in directory: String, environment: [String: String] = [:],
        keepingLinesContaining filter: String? = nil
    ) throws {
        token = UUID().uuidString
        collected = ByteCollector(keepingLinesContaining: filter)
        process = Process()
        process.executableURL = URL(fileURLWithPath: MusterBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "FORCE_COLOR")
        merged.removeValue(forKey: "NO_COLOR")
        merged.removeValue(forKey: "MUSTER_FILE")
        merged["MUSTER_TEST_TOKEN"] = token
        environment.forEach { merged[$0.key] = $0.value }
        process.environment = merged
        let output = Pipe()
        let errorOutput = Pipe()
        process.standardOutput = output
        process.standardError = errorOutput
        process.standardInput = FileHandle.nullDevice
        Self.collect(output.fileHandleForReading, into: collected)
        Self.collect(errorOutput.fileHandleForReading, into: errors)
        try process.run()
    }

    /// Everything written to standard output so far.
    public var output: String { collected.text }

    /// Everything written to standard error so far.
    public var errorOutput: String { errors.text }

    /// Standard output, line by line.
    public var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The pid of the muster process.
    public var pid: Int32 { process.processIdentifier }

    /// Waits until standard output contains `text`.
    public func waitForOutput(_ text: String, timeout: Duration = .seconds(10)) async throws {
        try await waitUntil("output containing \"\(text)\"; got:\n\(output)", timeout: timeout) {
            output.contains(text)
        }
    }

    /// Waits until `text` occurs at least `count` times in standard output.
    public func waitForOutput(_ text: String, count: Int, timeout: Duration = .seconds(10)) async throws {
        try await waitUntil("\(count) × \"\(text)\"; got:\n\(output)", timeout: timeout) {
            output.components(separatedBy: text).count - 1 >= count
        }
    }

    /// Sends `signal` to the muster process.
    public func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for muster to exit and returns its exit code (128 + signal when killed).
    public func waitForExit(timeout: Duration = .seconds(20)) async throws -> Int32 {
        try await waitUntil("muster to exit; output so far:\n\(output)\(errorOutput)", timeout: timeout) {
            !process.isRunning
        }
        // Let the readers take the last bytes of the pipes.
        try await waitUntil("muster's output to close", timeout: .seconds(5)) { true }
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Kills muster if it is still running (for test cleanup).
    public func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private static func collect(_ handle: FileHandle, into collector: ByteCollector) {
        handle.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                collector.append(data)
            }
        }
    }
}

/// Bytes appended by a reader thread and read by the test.
final class ByteCollector: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let partial = Mutex<[UInt8]>([])
    private let filter: [UInt8]?

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
