import Foundation
import MusterCore
import Testing

@Suite struct ProcfileTests {
    /// A Procfile text and the `(name, command, line)` entries it must parse to.
    struct Valid: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var entries: [ProcfileEntry]
        var testDescription: String { label }
    }

    static let valid: [Valid] = [
        Valid(label: "one entry", text: "web: ./server\n", entries: [.init(name: "web", command: "./server", line: 1)]),
        Valid(
            label: "no space after colon", text: "web:./server",
            entries: [.init(name: "web", command: "./server", line: 1)]),
        Valid(
            label: "blank lines, comments, indentation",
            text: "# services\n\n  web:   bundle exec rails s  \n\t# worker: off\n   \nworker: ./work\n",
            entries: [
                .init(name: "web", command: "bundle exec rails s", line: 3),
                .init(name: "worker", command: "./work", line: 6),
            ]),
        Valid(
            label: "colon inside the command",
            text: "web: python -m http.server --bind 0.0.0.0:8000",
            entries: [.init(name: "web", command: "python -m http.server --bind 0.0.0.0:8000", line: 1)]),
        Valid(
            label: "CRLF line endings",
            text: "web: ./server\r\nworker: ./work --flag\r\n",
            entries: [
                .init(name: "web", command: "./server", line: 1),
                .init(name: "worker", command: "./work --flag", line: 2),
            ]),
        Valid(
            label: "command kept byte for byte",
            text: "a_b-1: echo \"$PORT\"  |  tr a-z A-Z > 'out file' # not a comment for us\n",
            entries: [
                .init(
                    name: "a_b-1", command: "echo \"$PORT\"  |  tr a-z A-Z > 'out file' # not a comment for us", line: 1
                )
            ]),
        Valid(
            label: "tab after colon", text: "web:\t./server",
            entries: [.init(name: "web", command: "./server", line: 1)]),
        Valid(
            label: "UTF-8 BOM", text: "\u{FEFF}web: ./server",
            entries: [.init(name: "web", command: "./server", line: 1)]),
        Valid(
            label: "unicode in command", text: "web: echo héllo ☃",
            entries: [.init(name: "web", command: "echo héllo ☃", line: 1)]),
    ]

    @Test(arguments: valid)
    func parsesValidFiles(_ example: Valid) throws {
        let procfile = try Procfile.parse(example.text, path: "Procfile")
        #expect(procfile == Procfile(path: "Procfile", entries: example.entries))
    }

    /// A broken Procfile text and the exact error description it must produce.
    struct Invalid: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var description: String
        var testDescription: String { label }
    }

    static let invalid: [Invalid] = [
        Invalid(
            label: "duplicate name", text: "# x\nweb: a\nworker: b\n\nweb: c\n",
            description: "Procfile:5: the service \"web\" is defined twice, on lines 2 and 5; rename or remove one."),
        Invalid(
            label: "space in name", text: "we b: x",
            description:
                "Procfile:1: the service name \"we b\" may only contain letters, digits, '_' and '-'; rename it."),
        Invalid(
            label: "space before colon", text: "web : x",
            description:
                "Procfile:1: the service name \"web \" may only contain letters, digits, '_' and '-'; rename it."),
        Invalid(
            label: "no colon", text: "web: a\n./server --port 80\n",
            description: "Procfile:2: expected a line of the form `name: command`, such as `web: ./server`; "
                + "fix it or comment it out with #."),
        Invalid(
            label: "empty command", text: "web: a\nworker:   \r\n",
            description: "Procfile:2: the service \"worker\" has no command; add one after the colon, such as "
                + "`worker: ./server`."),
        Invalid(
            label: "missing name", text: ": ./server",
            description: "Procfile:1: the line has no service name before the colon; write it as `name: command`."),
        Invalid(
            label: "empty file", text: "",
            description: "Procfile: the file defines no services; add a line such as `web: ./server`."),
        Invalid(
            label: "only comments", text: "# web: ./server\n\n",
            description: "Procfile: the file defines no services; add a line such as `web: ./server`."),
    ]

    @Test(arguments: invalid)
    func reportsErrors(_ example: Invalid) {
        let error = #expect(throws: ConfigError.self) { try Procfile.parse(example.text, path: "Procfile") }
        #expect(error?.description == example.description)
    }

    @Test func errorCarriesLocation() {
        #expect(
            throws: ConfigError(
                file: "p/Procfile", line: 2,
                message: "the line has no service name before the colon; write it as `name: command`")
        ) {
            try Procfile.parse("web: a\n:b", path: "p/Procfile")
        }
    }

    @Test func loadsAFile() throws {
        let directory = try makeConfigTestDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/Procfile"
        try "web: ./server\nworker: ./work\n".write(toFile: path, atomically: true, encoding: .utf8)
        let procfile = try Procfile.load(path: path)
        #expect(procfile.path == path)
        #expect(procfile.entries.map(\.name) == ["web", "worker"])
    }

    @Test func loadReportsAMissingFile() throws {
        let directory = try makeConfigTestDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/Procfile"
        #expect(
            throws: ConfigError(
                file: path, line: nil, message: "the file does not exist; create it or name another file with -f")
        ) {
            try Procfile.load(path: path)
        }
    }

    @Test func loadReportsInvalidUTF8() throws {
        let directory = try makeConfigTestDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/Procfile"
        try Data([0x77, 0x3A, 0x20, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(
            throws: ConfigError(file: path, line: nil, message: "the file is not valid UTF-8 text; save it as UTF-8")
        ) {
            try Procfile.load(path: path)
        }
    }
}

/// A fresh empty directory under the system temporary directory.
func makeConfigTestDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "muster-config-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
