import Foundation
import MusterCore
import Testing

@Suite struct DotEnvTests {
    /// The process environment every example expands against.
    static let environment = ["HOME": "/home/me", "A": "from-env", "EMPTY": ""]

    /// A .env text and the entries it must parse to.
    struct Valid: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var entries: [DotEnvEntry]
        var testDescription: String { label }

        init(_ label: String, _ text: String, _ entries: [(String, String, Int)]) {
            self.label = label
            self.text = text
            self.entries = entries.map { DotEnvEntry(key: $0.0, value: $0.1, line: $0.2) }
        }
    }

    static let valid: [Valid] = [
        Valid("plain", "KEY=value", [("KEY", "value", 1)]),
        Valid("export prefix", "export KEY=value\nexport\tB = 2", [("KEY", "value", 1), ("B", "2", 2)]),
        Valid("export as a key", "export=1", [("export", "1", 1)]),
        Valid("spaces around =", "  KEY   =   value  ", [("KEY", "value", 1)]),
        Valid("YAML style", "KEY: value\nB:2", [("KEY", "value", 1), ("B", "2", 2)]),
        Valid("empty values", "A=\nB=\"\"\nC=''\nD=   ", [("A", "", 1), ("B", "", 2), ("C", "", 3), ("D", "", 4)]),
        Valid("value containing = and :", "URL=postgres://u:p@h/db?x=1", [("URL", "postgres://u:p@h/db?x=1", 1)]),
        Valid("dotted and underscore keys", "a.b=1\n_X9=2", [("a.b", "1", 1), ("_X9", "2", 2)]),
        Valid("comments and blank lines", "# top\n\n   # indented\nK=v\n\n", [("K", "v", 4)]),
        Valid("comment after unquoted value", "K=some value   # note", [("K", "some value", 1)]),
        Valid("hash without blank before it", "K=a#b", [("K", "a#b", 1)]),
        Valid("comment right after =", "K= # nothing", [("K", "", 1)]),
        Valid("first blank-hash starts the comment", "K=a # b # c", [("K", "a", 1)]),
        Valid("quote inside unquoted value", "K=it's \"x\"", [("K", "it's \"x\"", 1)]),
        Valid("single quotes are literal", #"K='a $HOME \n "x" # y'"#, [("K", #"a $HOME \n "x" # y"#, 1)]),
        Valid("single quotes span lines", "K='one\ntwo'\nL=3", [("K", "one\ntwo", 1), ("L", "3", 3)]),
        Valid("comment after a quoted value", "K=\"a # b\"   # c\nL='x'#y", [("K", "a # b", 1), ("L", "x", 2)]),
        Valid("double-quote escapes", #"K="a\nb\tc\rd\"e\\f\$HOME""#, [("K", "a\nb\tc\rd\"e\\f$HOME", 1)]),
        Valid("unknown escapes kept", #"K="a\qb\'c""#, [("K", #"a\qb\'c"#, 1)]),
        Valid("double quotes span lines", "K=\"one\ntwo\"\nL=3", [("K", "one\ntwo", 1), ("L", "3", 3)]),
        Valid(
            "expansion in double quotes", #"B=b\#nK="${B}-$B-$HOME/x""#, [("B", "b", 1), ("K", "b-b-/home/me/x", 2)]),
        Valid("expansion in unquoted values", "B=b\nK=$B/${HOME}", [("B", "b", 1), ("K", "b//home/me", 2)]),
        Valid("earlier key wins over the environment", "A=file\nK=$A", [("A", "file", 1), ("K", "file", 2)]),
        Valid("environment used when no earlier key", "K=$A", [("K", "from-env", 1)]),
        Valid("later keys are not visible", "K=$LATER\nLATER=x", [("K", "", 1), ("LATER", "x", 2)]),
        Valid("unknown variable is empty", "K=[$NOPE]", [("K", "[]", 1)]),
        Valid("dollar without a name", "K=5$ $1 $$ $-", [("K", "5$ $1 $$ $-", 1)]),
        Valid("escaped dollar in unquoted value", #"K=\$HOME \x"#, [("K", #"$HOME \x"#, 1)]),
        Valid("bare reference stops at a dot", "a=1\nK=$a.b ${a.b}", [("a", "1", 1), ("K", "1.b ", 2)]),
        Valid(
            "default values", "K=${NOPE:-d1} ${EMPTY:-d2} ${EMPTY-d3} ${NOPE-d4} ${A:-d5}",
            [("K", "d1 d2  d4 from-env", 1)]),
        Valid("no expansion in single quotes", "K='$HOME ${HOME}'", [("K", "$HOME ${HOME}", 1)]),
        Valid("duplicate keys: later value is used", "K=1\nK=2\nL=$K", [("K", "1", 1), ("K", "2", 2), ("L", "2", 3)]),
        Valid(
            "CRLF line endings", "A=1\r\nB=\"x\r\ny\"\r\nC='z' \r\n", [("A", "1", 1), ("B", "x\ny", 2), ("C", "z", 4)]),
        Valid("UTF-8 BOM", "\u{FEFF}A=1", [("A", "1", 1)]),
        Valid("unicode values", "K=héllo ☃ \"ok\"", [("K", "héllo ☃ \"ok\"", 1)]),
        Valid("empty file", "", []),
    ]

    @Test(arguments: valid)
    func parsesValidFiles(_ example: Valid) throws {
        let entries = try DotEnv.parse(example.text, path: ".env", environment: Self.environment)
        #expect(entries == example.entries)
    }

    /// A broken .env text and the exact error description it must produce.
    struct Invalid: Sendable, CustomTestStringConvertible {
        var text: String
        var description: String
        var testDescription: String { text.debugDescription }

        init(_ text: String, _ description: String) {
            self.text = text
            self.description = description
        }
    }

    static let notAssignment = "add '=' and a value, or comment the line out with #."
    static let badKey = "is not a valid name; use letters, digits, '_' and '.', starting with a letter or '_'."

    static let invalid: [Invalid] = [
        Invalid("A=1\n1KEY=x", "config/.env:2: the key \"1KEY\" \(badKey)"),
        Invalid("MY-KEY=x", "config/.env:1: the key \"MY-KEY\" \(badKey)"),
        Invalid("MY KEY=x", "config/.env:1: the key \"MY KEY\" \(badKey)"),
        Invalid("ÄB=x", "config/.env:1: the key \"ÄB\" \(badKey)"),
        Invalid(
            "A=1\n\nJUSTTEXT\n",
            "config/.env:3: expected KEY=value but found \"JUSTTEXT\"; \(notAssignment)"),
        Invalid(
            "export KEY",
            "config/.env:1: expected KEY=value but found \"export KEY\"; \(notAssignment)"),
        Invalid("  = value", "config/.env:1: the line has no key before '='; write it as KEY=value."),
        Invalid(
            "A=1\nB=\"abc\nC=2\n",
            "config/.env:2: the double-quoted value of B is never closed; "
                + "end it with a \" and write \\\" for a quote inside it."),
        Invalid("A='abc\n\n", "config/.env:1: the single-quoted value of A is never closed; end it with a '."),
        Invalid(
            "A=\"x\ny\" z",
            "config/.env:2: unexpected text \"z\" after the closing quote of A; remove it, or put it inside the quotes."
        ),
        Invalid(
            "A='x'y",
            "config/.env:1: unexpected text \"y\" after the closing quote of A; remove it, or put it inside the quotes."
        ),
        Invalid(
            "A=${B",
            "config/.env:1: the value of A has a \"${\" that does not start a ${NAME} reference; close it with \"}\" "
                + "or write \\$ for a literal dollar sign."),
        Invalid(
            "A=\"${}\"",
            "config/.env:1: the value of A has a \"${\" that does not start a ${NAME} reference; close it with \"}\" "
                + "or write \\$ for a literal dollar sign."),
        Invalid(
            "A=${B?x}",
            "config/.env:1: the value of A has a reference to \"B\" followed by unexpected text; "
                + "write ${NAME} or ${NAME:-default}."),
    ]

    @Test(arguments: invalid)
    func reportsErrors(_ example: Invalid) {
        let error = #expect(throws: ConfigError.self) {
            try DotEnv.parse(example.text, path: "config/.env", environment: Self.environment)
        }
        #expect(error?.description == example.description)
    }

    @Test func loadReadsAFile() throws {
        let directory = try makeConfigTestDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/.env"
        try "export A=1\nB=\"$A two\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let entries = try DotEnv.load(path: path, environment: [:])
        #expect(
            entries == [DotEnvEntry(key: "A", value: "1", line: 1), DotEnvEntry(key: "B", value: "1 two", line: 2)])
    }

    @Test func loadReportsAMissingFile() throws {
        let directory = try makeConfigTestDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/missing.env"
        let error = #expect(throws: ConfigError.self) { try DotEnv.load(path: path, environment: [:]) }
        #expect(error?.description == "\(path): the file does not exist; create it or drop the -e flag that names it.")
    }

    @Test func loadAllMergesFilesInOrder() throws {
        let directory = try makeConfigTestDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = directory + "/a.env"
        let second = directory + "/b.env"
        try "A=1\nB=2\nHOST=first\n".write(toFile: first, atomically: true, encoding: .utf8)
        try "# override\nB=$A-$B\nC=${HOST}:$PORT\n".write(toFile: second, atomically: true, encoding: .utf8)
        let merged = try DotEnv.loadAll(paths: [first, second], environment: ["PORT": "5000", "A": "env"])
        #expect(
            merged == [
                "A": DotEnvValue(value: "1", file: first, line: 1),
                "B": DotEnvValue(value: "1-2", file: second, line: 2),
                "HOST": DotEnvValue(value: "first", file: first, line: 3),
                "C": DotEnvValue(value: "first:5000", file: second, line: 3),
            ])
    }

    @Test func loadAllNamesTheFileWithTheError() throws {
        let directory = try makeConfigTestDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = directory + "/a.env"
        let second = directory + "/b.env"
        try "A=1\n".write(toFile: first, atomically: true, encoding: .utf8)
        try "A=2\nnot valid\n".write(toFile: second, atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigError.self) { try DotEnv.loadAll(paths: [first, second], environment: [:]) }
        #expect(error?.file == second)
        #expect(error?.line == 2)
    }
}
