import Foundation
import Testing

@testable import MusterCore

@Suite("Log storage")
struct LogStorageTests {
    @Test func ringKeepsTheLastLines() async throws {
        var options = LogOptions(useColor: false, showTimestamps: false)
        options.ringCapacity = 5
        let harness = try LogHarness(options: options, names: ["web.1", "web.2"])
        let (first, firstStream) = try await harness.attachPipe("web.1", service: "web")
        writeToLogPipe(first, (1...12).map { "line \($0)\n" }.joined())
        close(first)
        await firstStream.drained()
        let (second, secondStream) = try await harness.attachPipe("web.2", service: "web")
        writeToLogPipe(second, "from two\n")
        close(second)
        await secondStream.drained()
        let before = Date()
        let all = harness.multiplexer.recentLines(of: "web")
        #expect(all.map(\.text) == ["line 9", "line 10", "line 11", "line 12", "from two"])
        #expect(all.map(\.displayName) == ["web.1", "web.1", "web.1", "web.1", "web.2"])
        #expect(all.allSatisfy { abs($0.time.timeIntervalSince(before)) < 60 })
        #expect(harness.multiplexer.recentLines(of: "web", limit: 2).map(\.text) == ["line 12", "from two"])
        #expect(harness.multiplexer.recentLines(of: "web", limit: 0).isEmpty)
        #expect(harness.multiplexer.recentLines(of: "nobody").isEmpty)
        await harness.finish()
    }

    @Test func ringSurvivesManyLinesAndCompaction() {
        var ring = LineRing(capacity: 100)
        let id = ring.nameID(for: "web")
        for index in 0..<100_000 {
            Array("line number \(index) with some padding".utf8).withUnsafeBytes {
                ring.append($0, time: 0, nameID: id)
            }
        }
        let lines = ring.lines(limit: nil)
        #expect(lines.count == 100)
        #expect(lines.first?.text == "line number 99900 with some padding")
        #expect(lines.last?.text == "line number 99999 with some padding")
    }

    @Test func logFilesHaveTimestampsAndNoColour() async throws {
        let harness = try LogHarness(
            options: LogOptions(useColor: true, showTimestamps: false), names: ["web.1", "web.2", "db"]
        ) { options, directory in
            options.logDirectory = "\(directory)/nested/logs"
        }
        let (first, firstStream) = try await harness.attachPipe("web.1", service: "web")
        let (second, secondStream) = try await harness.attachPipe("web.2", service: "web")
        writeToLogPipe(first, "one\n")
        close(first)
        await firstStream.drained()
        writeToLogPipe(second, "two\n")
        close(second)
        await secondStream.drained()
        harness.multiplexer.system("not in a file")
        await harness.multiplexer.shutdown()
        let lines = LogHarness.lines(of: LogHarness.contents(of: "\(harness.directory)/nested/logs/web.log"))
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(harness.directory)/nested/logs")
        await harness.finish()
        #expect(files == ["web.log"])
        #expect(lines.count == 2)
        #expect(lines.first?.wholeMatch(of: /\d\d:\d\d:\d\d web\.1 \| one/) != nil)
        #expect(lines.last?.wholeMatch(of: /\d\d:\d\d:\d\d web\.2 \| two/) != nil)
    }

    @Test func logFilesRotate() async throws {
        let harness = try LogHarness { options, directory in
            options.logDirectory = directory + "/logs"
            options.rotationBytes = 1000
            options.keptFiles = 3
        }
        let (writer, stream) = try await harness.attachPipe("web")
        // 100 lines of 20 + 18 bytes each, written in batches so several files fill up.
        for batch in 0..<10 {
            writeToLogPipe(writer, (0..<10).map { String(format: "line %04d padding..\n", batch * 10 + $0) }.joined())
            #expect(await logEventually { harness.multiplexer.recentLines(of: "web").count == (batch + 1) * 10 })
        }
        close(writer)
        await stream.drained()
        await harness.multiplexer.shutdown()
        let base = "\(harness.directory)/logs/web.log"
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(harness.directory)/logs").sorted()
        let current = LogHarness.lines(of: LogHarness.contents(of: base))
        let older = LogHarness.lines(of: LogHarness.contents(of: base + ".1"))
        let oldest = LogHarness.lines(of: LogHarness.contents(of: base + ".2"))
        await harness.finish()
        #expect(files == ["web.log", "web.log.1", "web.log.2"])
        let numbers = (oldest + older + current).map { Int($0.split(separator: " ")[4])! }
        #expect(numbers == Array(numbers.first!...99))
        #expect(older.count * 38 >= 1000 && oldest.count * 38 >= 1000)
        #expect(current.count * 38 < 1000)
    }
}
