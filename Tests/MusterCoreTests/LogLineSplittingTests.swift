import Foundation
import Testing

@testable import MusterCore

@Suite("Log line splitting")
struct LogLineSplittingTests {
    /// Feeds `chunks` to a splitter and returns the lines it emitted (plus the flushed rest).
    private func split(_ chunks: [String], maxLineLength: Int = 64 * 1024, flush: Bool = false) -> [String] {
        var splitter = LineSplitter(maxLineLength: maxLineLength)
        var lines: [String] = []
        let collect = { (line: UnsafeRawBufferPointer) in lines.append(String(decoding: line, as: UTF8.self)) }
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { splitter.feed($0, collect) }
        }
        if flush {
            splitter.flushPending(collect)
        }
        return lines
    }

    @Test func splitsAcrossChunks() {
        #expect(split(["a\nb", "c\n", "\nd"]) == ["a", "bc", ""])
        #expect(split(["a\nb", "c\n", "\nd"], flush: true) == ["a", "bc", "", "d"])
    }

    @Test func keepsCarriageReturnsBeforeNewlines() {
        #expect(split(["one\r\ntwo\r", "\nthree\rmore\n"]) == ["one\r", "two\r", "three\rmore"])
    }

    @Test func splitsLongLines() {
        #expect(
            split([String(repeating: "x", count: 25) + "\n"], maxLineLength: 10) == [
                "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx",
            ])
        #expect(split([String(repeating: "y", count: 10) + "\n"], maxLineLength: 10) == ["yyyyyyyyyy"])
        #expect(split([String(repeating: "y", count: 10) + "\r\n"], maxLineLength: 10) == ["yyyyyyyyyy\r"])
        // The same line arriving in pieces is split the same way, never buffered beyond the limit.
        #expect(
            split(["xxxxxxx", "xxxxxxxx", "xxxxxxxxxx\n"], maxLineLength: 10) == ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"])
        #expect(split(["xxxxx", "xxxxx", "\n"], maxLineLength: 10) == ["xxxxxxxxxx"])
        var splitter = LineSplitter(maxLineLength: 10)
        Array(String(repeating: "z", count: 1000).utf8).withUnsafeBytes { splitter.feed($0) { _ in } }
        #expect(splitter.pending.count <= 10)
    }

    @Test func flushedPartialIsNotFollowedByAnEmptyLine() {
        var splitter = LineSplitter(maxLineLength: 100)
        var lines: [String] = []
        let collect = { (line: UnsafeRawBufferPointer) in lines.append(String(decoding: line, as: UTF8.self)) }
        Array("Password: ".utf8).withUnsafeBytes { splitter.feed($0, collect) }
        splitter.flushPending(collect)
        Array("\nok\n\n".utf8).withUnsafeBytes { splitter.feed($0, collect) }
        #expect(lines == ["Password: ", "ok", ""])
    }

    @Test func longLineThroughPipeIsSplitIntoPrefixedLines() async throws {
        var options = LogOptions(useColor: false, showTimestamps: false)
        options.maxLineLength = 1000
        let harness = try LogHarness(options: options)
        let (writer, stream) = try await harness.attachPipe("web")
        writeToLogPipe(writer, String(repeating: "a", count: 2500) + "\nend\n")
        close(writer)
        await stream.drained()
        let lines = await harness.finish()
        #expect(
            lines == [
                "web    | " + String(repeating: "a", count: 1000),
                "web    | " + String(repeating: "a", count: 1000),
                "web    | " + String(repeating: "a", count: 500),
                "web    | end",
            ])
    }

    @Test func crlfAndInvalidUTF8PassThroughByteForByte() async throws {
        let harness = try LogHarness()
        let (writer, stream) = try await harness.attachPipe("web")
        let payload: [UInt8] = [0xFF, 0xFE, 0x41, 0xC3, 0x28, 0x1B] + Array("[31mred\u{1B}[0m".utf8)
        writeToLogPipe(writer, payload + [0x0D, 0x0A] + Array("ok\r\n".utf8))
        close(writer)
        await stream.drained()
        let recent = harness.multiplexer.recentLines(of: "web")
        let output = await harness.finishWithBytes()
        // CRLF stays CRLF: the README promises a child's bytes pass through untouched.
        #expect(output == Array("web    | ".utf8) + payload + [0x0D, 0x0A] + Array("web    | ok\r\n".utf8))
        #expect(recent.map(\.text) == ["\u{FFFD}\u{FFFD}A\u{FFFD}(\u{1B}[31mred\u{1B}[0m\r", "ok\r"])
    }

    @Test func trailingPartialLineIsPrintedAtEOF() async throws {
        var options = LogOptions(useColor: false, showTimestamps: false)
        options.partialLineDelay = .seconds(60)
        let harness = try LogHarness(options: options)
        let (writer, stream) = try await harness.attachPipe("web")
        writeToLogPipe(writer, "first\nlast words")
        close(writer)
        await stream.drained()
        let lines = await harness.finish()
        #expect(lines == ["web    | first", "web    | last words"])
    }

    @Test func partialLineIsCompletedWhenTheRestArrivesInTime() async throws {
        var options = LogOptions(useColor: false, showTimestamps: false)
        options.partialLineDelay = .seconds(60)
        let harness = try LogHarness(options: options)
        let (writer, stream) = try await harness.attachPipe("web")
        writeToLogPipe(writer, "abc")
        writeToLogPipe(writer, "def\n")
        close(writer)
        await stream.drained()
        let lines = await harness.finish()
        #expect(lines == ["web    | abcdef"])
    }

    @Test func partialLineIsFlushedAfterTheDelayAndNotBefore() async throws {
        var options = LogOptions(useColor: false, showTimestamps: false)
        options.partialLineDelay = .milliseconds(300)
        let harness = try LogHarness(options: options)
        let (writer, stream) = try await harness.attachPipe("web")
        writeToLogPipe(writer, "done\n")
        #expect(await logEventually { harness.outputLines() == ["web    | done"] })
        let start = ContinuousClock.now
        writeToLogPipe(writer, "Continue? [y/N] ")
        #expect(await logEventually { harness.outputLines().count == 2 })
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(300))
        #expect(harness.outputLines() == ["web    | done", "web    | Continue? [y/N] "])
        // The newline that ends the prompt later does not print an empty line.
        writeToLogPipe(writer, "\nanswered\n")
        close(writer)
        await stream.drained()
        let lines = await harness.finish()
        #expect(lines == ["web    | done", "web    | Continue? [y/N] ", "web    | answered"])
    }
}
