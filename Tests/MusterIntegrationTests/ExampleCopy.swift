import Foundation
import MusterTesting
import Testing

/// A copy of examples/sensor-worker-app in a temporary directory, so that a test run neither
/// writes into the source tree (`.muster/logs`) nor meets a stack a developer started from it.
struct ExampleCopy {
    /// The example in the source tree.
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/sensor-worker-app").path

    private let directory: TemporaryDirectory

    /// The copy's root, holding the stage directories, `lib/` and `tests/`.
    var root: String { "\(directory.path)/sensor-worker-app" }

    /// Copies the example, leaving out what earlier runs of it left behind.
    init() throws {
        directory = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.source, toPath: root)
        let leftovers = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".muster") || $0.hasSuffix("__pycache__") }
        for leftover in leftovers ?? [] { try? FileManager.default.removeItem(atPath: "\(root)/\(leftover)") }
    }

    /// Removes the copy.
    func remove() { directory.remove() }

    /// Replaces `text` with `replacement` in the copy's `file` (a path under the root).
    func replace(_ text: String, with replacement: String, in file: String) throws {
        let path = "\(root)/\(file)"
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        #expect(contents.contains(text), "\(file) no longer contains \(text)")
        try contents.replacingOccurrences(of: text, with: replacement).write(
            toFile: path, atomically: true, encoding: .utf8)
    }

    /// Runs `muster test -f <stack> <options> -- python3 tests/<checker>` in the copy, as the
    /// example's README says, and expects it to pass and to leave no process behind.
    func expectCheckPasses(
        stack: String, options: [String] = [], checker: String, environment: [String: String] = [:]
    ) async throws {
        let muster = try await RunningMuster(
            ["test", "-f", stack] + options + ["--", "python3", "tests/\(checker)"], in: root,
            environment: environment)
        defer { muster.terminate() }
        let code = try await muster.waitForExit(timeout: .seconds(180))
        #expect(
            code == 0,
            "muster test exited with \(code)\n\(muster.output)\(muster.errorOutput)\(serviceLogs(of: stack))")
        #expect(muster.output.contains("check: "), "the checker printed nothing:\n\(muster.output)")
        try await ProcessScan.waitForNoProcesses(withToken: muster.token)
    }

    /// The services' log files of a stage, for a failure report.
    private func serviceLogs(of stack: String) -> String {
        let logs = "\(root)/\((stack as NSString).deletingLastPathComponent)/.muster/logs"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: logs))?.sorted() ?? []
        return files.map { name in
            "\n== \(name)\n" + ((try? String(contentsOfFile: "\(logs)/\(name)", encoding: .utf8)) ?? "")
        }.joined()
    }
}
