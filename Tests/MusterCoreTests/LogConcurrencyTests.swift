import Foundation
import Testing

@testable import MusterCore

@Suite("Log concurrency")
struct LogConcurrencyTests {
    /// Checks that `lines` hold, for each writer, exactly its lines in order, each intact.
    private func verify(_ output: [UInt8], writers: Int, linesEach: Int, line: (Int, Int) -> String) {
        var next = Array(repeating: 0, count: writers)
        var bad = 0
        for raw in output.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            let text = String(decoding: raw, as: UTF8.self)
            guard let bar = text.firstRange(of: " | "),
                let name = text[..<bar.lowerBound].split(separator: " ").last,
                name.hasPrefix("w"), let writer = Int(name.dropFirst()), writer < writers
            else {
                bad += 1
                continue
            }
            if next[writer] < linesEach, text[bar.upperBound...] == line(writer, next[writer]) {
                next[writer] += 1
            } else {
                bad += 1
            }
        }
        #expect(bad == 0)
        #expect(next == Array(repeating: linesEach, count: writers))
    }

    @Test func manyWritersNeverTearLines() async throws {
        let writers = 8
        let linesEach = 10_000
        let names = (0..<writers).map { "w\($0)" }
        // Whole-line writes never leave a partial line; a long delay keeps a stalled writer
        // thread (tests run in parallel) from ever splitting one.
        let harness = try LogHarness(options: LogOptions(useColor: true, showTimestamps: true), names: names) {
            options, _ in options.partialLineDelay = .seconds(60)
        }
        let line: @Sendable (Int, Int) -> String = { writer, index in
            "writer \(writer) line \(index) " + String(repeating: "x", count: index % 97)
        }
        var streams: [LogStream] = []
        var threads: [LogWriterThread] = []
        for writer in 0..<writers {
            let (fd, stream) = try await harness.attachPipe("w\(writer)")
            streams.append(stream)
            threads.append(
                LogWriterThread {
                    for index in 0..<linesEach {
                        writeToLogPipe(fd, line(writer, index) + "\n")
                    }
                    close(fd)
                })
        }
        // Muster's own lines race with the pipes too.
        for index in 0..<100 {
            harness.multiplexer.system("system line \(index)")
        }
        for thread in threads { await thread.join() }
        for stream in streams { await stream.drained() }
        let output = await harness.finishWithBytes()
        let withoutSystem = LogHarness.lines(of: output).filter { !$0.contains("muster") }
        let plain = withoutSystem.map { $0.replacing(/\x1B\[[0-9;]*m/, with: "") }.joined(separator: "\n") + "\n"
        verify(Array(plain.utf8), writers: writers, linesEach: linesEach, line: line)
        #expect(LogHarness.lines(of: output).count == writers * linesEach + 100)
    }

    /// The benchmark's shape (4 × 200,000 lines of 55 bytes), checked for correctness, not timed.
    @Test func throughputShapeArrivesIntact() async throws {
        let writers = 4
        let linesEach = 200_000
        let harness = try LogHarness(
            options: LogOptions(useColor: false, showTimestamps: true), names: (0..<writers).map { "w\($0)" }
        ) { options, _ in
            // Content and count only: a writer thread stalled by parallel tests must not make
            // the quiet-pipe flush split a line.
            options.partialLineDelay = .seconds(60)
        }
        // 54 bytes + newline.
        let line: @Sendable (Int, Int) -> String = { writer, index in
            "w\(writer) " + String(index).leftPadded(to: 7) + " the quick brown fox jumps over the lazy dog"
        }
        #expect(line(0, 0).utf8.count == 54)
        var streams: [LogStream] = []
        var threads: [LogWriterThread] = []
        for writer in 0..<writers {
            let (fd, stream) = try await harness.attachPipe("w\(writer)")
            streams.append(stream)
            threads.append(
                LogWriterThread {
                    // Like a child's block-buffered stdout: 4 KiB writes that cut lines anywhere.
                    var pending: [UInt8] = []
                    pending.reserveCapacity(8192)
                    for index in 0..<linesEach {
                        pending.append(contentsOf: line(writer, index).utf8)
                        pending.append(0x0A)
                        if pending.count >= 4096 {
                            writeToLogPipe(fd, Array(pending[0..<4096]))
                            pending.removeFirst(4096)
                        }
                    }
                    writeToLogPipe(fd, pending)
                    close(fd)
                })
        }
        for thread in threads { await thread.join() }
        for stream in streams { await stream.drained() }
        let output = await harness.finishWithBytes()
        verify(output, writers: writers, linesEach: linesEach, line: line)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - self.count)) + self
    }
}
