import Foundation
import Testing

@testable import MusterCore

@Suite("Log formatting")
struct LogFormattingTests {
    @Test func plainPrefixIsPaddedToTheWidestName() async throws {
        let harness = try LogHarness(names: ["web", "worker.1"])
        let (writer, stream) = try await harness.attachPipe("web")
        writeToLogPipe(writer, "hello\n")
        close(writer)
        await stream.drained()
        harness.multiplexer.system("ready")
        let lines = await harness.finish()
        #expect(lines == ["web      | hello", "muster   | ready"])
    }

    @Test func timestampsComeFirst() async throws {
        let harness = try LogHarness(
            options: LogOptions(useColor: false, showTimestamps: true), names: ["web.1", "web.2"])
        let (writer, stream) = try await harness.attachPipe("web.1", service: "web")
        writeToLogPipe(writer, "hello\n")
        close(writer)
        await stream.drained()
        let lines = await harness.finish()
        #expect(lines.count == 1)
        #expect(lines.first?.wholeMatch(of: /\d\d:\d\d:\d\d web\.1  \| hello/) != nil)
    }

    @Test func colouredPrefixIsResetBeforeTheText() async throws {
        var options = LogOptions(useColor: true, showTimestamps: false)
        options.colorDepth = .basic16
        let harness = try LogHarness(options: options, names: ["web.1", "web.2"])
        let (first, firstStream) = try await harness.attachPipe("web.1", service: "web")
        let (second, secondStream) = try await harness.attachPipe("web.2", service: "web")
        writeToLogPipe(first, "\u{1B}[32mgreen\u{1B}[0m text\n")
        close(first)
        await firstStream.drained()
        writeToLogPipe(second, "two\n")
        close(second)
        await secondStream.drained()
        let lines = await harness.finish()
        let colour = ColorPalette(depth: .basic16).escape(forService: "web")
        #expect(
            lines == [
                "\(colour)web.1  |\u{1B}[0m \u{1B}[32mgreen\u{1B}[0m text",
                "\(colour)web.2  |\u{1B}[0m two",
            ])
    }

    @Test func systemErrorLinesAreRed() async throws {
        let harness = try LogHarness(options: LogOptions(useColor: true, showTimestamps: false))
        harness.multiplexer.system("web exited with code 1\nrestarting", level: .error)
        harness.multiplexer.system("started")
        let recent = harness.multiplexer.recentLines(of: "muster").map(\.text)
        let lines = await harness.finish()
        #expect(
            lines == [
                "\u{1B}[1;31mmuster |\u{1B}[0m \u{1B}[31mweb exited with code 1\u{1B}[0m",
                "\u{1B}[1;31mmuster |\u{1B}[0m \u{1B}[31mrestarting\u{1B}[0m",
                "\u{1B}[1mmuster |\u{1B}[0m started",
            ])
        #expect(
            recent == [
                "web exited with code 1", "restarting", "started",
            ])
    }

    @Test func coloursAreStableAndFNV1a() {
        #expect(ColorPalette.fnv1a("") == 0x811C_9DC5)
        #expect(ColorPalette.fnv1a("a") == 0xE40C_292C)
        #expect(ColorPalette.fnv1a("foobar") == 0xBF9C_F968)
        // Pinned values: a change here means every user's colours change.
        #expect(ColorPalette(depth: .basic16).escape(forService: "web") == "\u{1B}[92m")
        #expect(ColorPalette(depth: .basic16).escape(forService: "app") == "\u{1B}[34m")
        #expect(ColorPalette(depth: .extended256).escape(forService: "worker") == "\u{1B}[38;5;37m")
        let extended = ColorPalette(depth: .extended256)
        #expect(extended.escape(forService: "worker") == extended.escape(forService: "worker"))
        #expect(extended.escape(forService: "worker").hasPrefix("\u{1B}[38;5;"))
    }

    @Test func redIsReservedForErrors() {
        let reds: Set<Int> = [1, 9, 52, 88, 89, 124, 125, 131, 160, 161, 167, 196, 197, 198, 202, 203, 204, 209, 210]
        #expect(ColorPalette.extendedCodes.allSatisfy { !reds.contains($0) })
        #expect(ColorPalette.basicCodes.allSatisfy { $0 != 31 && $0 != 91 })
        for depth in [ColorDepth.basic16, .extended256] {
            let palette = ColorPalette(depth: depth)
            for index in 0..<500 {
                let escape = palette.escape(forService: "service-\(index)")
                #expect(escape != "\u{1B}[31m" && escape != "\u{1B}[91m")
            }
        }
    }

    @Test func colourDepthDetection() {
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color"]) == .extended256)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm", "COLORTERM": "truecolor"]) == .extended256)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm"]) == .basic16)
        #expect(ColorDepth.detect(environment: [:]) == .basic16)
    }

    @Test(arguments: [
        (false, true, [String: String](), true),
        (false, false, [:], false),
        (true, true, [:], false),
        (true, true, ["FORCE_COLOR": "1"], false),
        (false, false, ["FORCE_COLOR": "1"], true),
        (false, false, ["FORCE_COLOR": ""], true),
        (false, true, ["FORCE_COLOR": "0"], true),
        (false, false, ["FORCE_COLOR": "false"], false),
        (false, true, ["FORCE_COLOR": "FALSE", "NO_COLOR": "1"], false),
        (false, true, ["NO_COLOR": "1"], false),
        (false, true, ["NO_COLOR": ""], true),
        (false, false, ["FORCE_COLOR": "1", "NO_COLOR": "1"], true),
    ])
    func colorEnabledTruthTable(flag: Bool, tty: Bool, environment: [String: String], expected: Bool) {
        #expect(
            LogOptions.colorEnabled(noColorFlag: flag, outputIsTTY: tty, environment: environment) == expected)
    }
}
