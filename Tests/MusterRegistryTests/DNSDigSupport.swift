import Foundation
import MusterCore
import MusterTesting
import Testing

/// Runs Debian's `dig` (dnsutils) against the responder and parses what it prints.
enum DNSDig {
    static let requireAll = ProcessInfo.processInfo.environment["MUSTER_REQUIRE_ALL"] == "1"

    /// The path of `dig`, nil (with the reason recorded, failing under MUSTER_REQUIRE_ALL=1) when
    /// it is not installed.
    static func executable() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = try? ServiceCommand.exec(["dig"]).executablePath(environment: environment) { return path }
        let reason = "dig is not installed (apt-get install dnsutils); the DNS tests with a real resolver are skipped"
        if requireAll { Issue.record("MUSTER_REQUIRE_ALL=1 but \(reason)") } else { print("note: \(reason)") }
        return nil
    }

    /// What dig printed for one query.
    struct Output: CustomStringConvertible {
        var text: String

        /// The `status:` of the header line (`NOERROR`, `NXDOMAIN`…).
        var status: String? { field(after: "status: ") }
        /// The header flags (`qr aa rd`).
        var flags: Set<String> {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(";; flags:") }) else { return [] }
            let list = line.dropFirst(";; flags:".count).prefix { $0 != ";" }
            return Set(list.split(separator: " ").map(String.init))
        }
        /// The records of a section (`ANSWER`, `AUTHORITY`, `ADDITIONAL`), whitespace-normalised
        /// and without the class: `web.service.consul. 0 A 127.0.0.1`.
        func section(_ name: String) -> [String] {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = lines.firstIndex(where: { $0.hasPrefix(";; \(name) SECTION:") }) else { return [] }
            return lines[(start + 1)...].prefix { !$0.isEmpty }.map { line in
                line.split(whereSeparator: { $0 == " " || $0 == "\t" }).filter { $0 != "IN" }.joined(separator: " ")
            }
        }
        var description: String { text }

        private func field(after marker: String) -> String? {
            guard let range = text.range(of: marker) else { return nil }
            return String(text[range.upperBound...].prefix { $0 != "," && $0 != "\n" })
        }
    }

    /// Runs `dig @127.0.0.1 -p <port> <arguments>` with a 5-second timeout per try and three tries,
    /// as a resolver would: a test process stalled past one try (seen under CI load) gets another.
    static func run(_ dig: String, port: Int, _ arguments: [String]) async throws -> Output {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = open("\(directory.path)/dig.txt", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        defer { close(log) }
        let child = try await ChildProcess.spawn(
            SpawnRequest(
                executablePath: dig,
                arguments: ["dig", "@127.0.0.1", "-p", "\(port)", "+tries=3", "+time=5"] + arguments,
                environment: ProcessInfo.processInfo.environment, workingDirectory: nil, standardInput: nullInput,
                output: log))
        let status = await child.exitStatus()
        let output = Output(text: (try? directory.read("dig.txt")) ?? "")
        #expect(status == .exited(code: 0), "dig \(arguments.joined(separator: " ")): \(output)")
        return output
    }
}
