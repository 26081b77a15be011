import Testing

@testable import MusterCore

@Suite struct StackFileInterpolationTests {
    static let environment = ["HOST": "db.local", "EMPTY": "", "PORT": "5432", "NESTED": "${HOST}", "A.B": "dotted"]
    static let dotEnv = ["HOST": "from-dotenv", "ONLY_DOTENV": "yes", "EMPTY_DOTENV": ""]

    /// A value, and what it interpolates to; nil: it fails.
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var compose: String?
        var testDescription: String { text }

        init(_ text: String, _ compose: String?) {
            self.text = text
            self.compose = compose
        }
    }

    static let cases: [Case] = [
        Case("no variables at all", "no variables at all"),
        Case("${HOST}", "db.local"),
        Case("$HOST:$PORT", "db.local:5432"),
        Case("x${HOST}y", "xdb.localy"),
        Case("$HOST.name", "db.local.name"),
        Case("${ONLY_DOTENV}", "yes"),
        Case("${A.B}", "dotted"),
        Case("${UNSET}", ""),
        Case("$UNSET/x", "/x"),
        Case("${UNSET:-fallback}", "fallback"),
        Case("${EMPTY:-fallback}", "fallback"),
        Case("${EMPTY-fallback}", ""),
        Case("${UNSET-fallback}", "fallback"),
        Case("${HOST:-fallback}", "db.local"),
        Case("${EMPTY_DOTENV:-d}", "d"),
        Case("${UNSET:-}", ""),
        Case("${UNSET:-a b:c}", "a b:c"),
        Case("${UNSET:-${HOST}}", "db.local"),
        Case("${EMPTY:-${UNSET:-deep}}", "deep"),
        Case("${EMPTY:-$$}", "$"),
        Case("${HOST:?needed}", "db.local"),
        Case("${EMPTY?needed}", ""),
        Case("${HOST:+set}", "set"),
        Case("${EMPTY:+set}", ""),
        Case("${EMPTY+set}", "set"),
        Case("${UNSET+set}", ""),
        Case("${NESTED}", "${HOST}"),
        Case("$$", "$"),
        Case("$$HOST", "$HOST"),
        Case("$${HOST}", "${HOST}"),
        Case("cost: $$5", "cost: $5"),
        Case("a $$$HOST", "a $db.local"),
        Case("ünïcödé ${HOST} ✓", "ünïcödé db.local ✓"),
        Case("echo $(pwd)", nil),
        Case("echo $1", nil),
        Case("trailing $", nil),
        Case("${UNCLOSED", nil),
        Case("${}", nil),
        Case("${1}", nil),
        Case("${HOST:x}", nil),
        Case("${HOST!}", nil),
        Case("${UNSET:?must be given}", nil),
        Case("${EMPTY:?}", nil),
        Case("${UNSET?}", nil),
    ]

    @Test("Compose interpolation", arguments: cases)
    func compose(_ example: Case) throws {
        let interpolate = { () throws(ComposeInterpolation.Failure) -> String in
            try ComposeInterpolation.interpolate(example.text, environment: Self.environment, dotEnv: Self.dotEnv)
        }
        if let expected = example.compose {
            #expect(try interpolate() == expected)
        } else {
            #expect(throws: ComposeInterpolation.Failure.self) { try interpolate() }
        }
    }

    /// Shell text and what the shell receives: references untouched, `$$` unescaped.
    static let shellCases: [(String, String)] = [
        ("./server --port $PORT", "./server --port $PORT"),
        ("echo ${HOST} ${UNSET:-x} ${UNSET:?boom} $(pwd) $1 $", "echo ${HOST} ${UNSET:-x} ${UNSET:?boom} $(pwd) $1 $"),
        ("echo $$PORT $${HOST}", "echo $PORT ${HOST}"),
        ("echo $$$$ $$$HOST", "echo $$ $$HOST"),
        ("no dollars", "no dollars"),
    ]

    @Test("Shell mode leaves references to the shell and only unescapes $$", arguments: shellCases)
    func shell(_ text: String, _ expected: String) throws {
        let result = try ComposeInterpolation.interpolate(
            text, environment: Self.environment, dotEnv: Self.dotEnv, mode: .shell)
        #expect(result == expected)
    }

    /// A failing value and the exact message.
    static let failures: [(String, String)] = [
        (
            "${UNSET:?must be given}",
            "the variable `UNSET` is not set or is empty (must be given); set it in the shell environment or in .env"
        ),
        ("${EMPTY:?}", "the variable `EMPTY` is not set or is empty; set it in the shell environment or in .env"),
        ("${UNSET?why}", "the variable `UNSET` is not set (why); set it in the shell environment or in .env"),
        ("echo $1", "a `$` must be followed by a variable name or `{`; write `$$` for a literal `$`"),
        ("a $", "a `$` must be followed by a variable name or `{`; write `$$` for a literal `$`"),
        ("${HOST", "`${` is not closed by `}`; close it, or write `$$` for a literal `$`"),
        (
            "${HOST:x}",
            "`${HOST:x}` is not a valid variable reference; write ${NAME}, ${NAME:-default} or ${NAME:?message}, or `$$` for a literal `$`"
        ),
        (
            "${}",
            "`${}` is not a valid variable reference; write ${NAME}, ${NAME:-default} or ${NAME:?message}, or `$$` for a literal `$`"
        ),
    ]

    @Test("Failure messages", arguments: failures)
    func failureMessages(_ text: String, _ message: String) {
        #expect(throws: ComposeInterpolation.Failure(message: message)) {
            try ComposeInterpolation.interpolate(text, environment: Self.environment, dotEnv: Self.dotEnv)
        }
    }

    @Test("A default that is not used is not evaluated")
    func lazyDefault() throws {
        #expect(
            try ComposeInterpolation.interpolate("${HOST:-${UNSET:?boom}}", environment: Self.environment) == "db.local"
        )
    }

    @Test("The shell wins over .env")
    func precedence() throws {
        #expect(
            try ComposeInterpolation.interpolate("$HOST", environment: ["HOST": "shell"], dotEnv: ["HOST": "env"])
                == "shell")
        #expect(try ComposeInterpolation.interpolate("$HOST", environment: [:], dotEnv: ["HOST": "env"]) == "env")
    }

    @Test("Values in the file are interpolated everywhere, keys are not")
    func inTheFile() throws {
        let stack = try parseStack(
            """
            name: ${PROJECT}
            environment: {"${KEY}": "${VALUE:-v}", LIST: "a$$b"}
            services:
              web:
                command: [./web, "${FLAG:-x}", $$PORT]
                image: ${IMAGE:-busybox}:${TAG}
                profiles: ["${PROFILE}"]
                depends_on: ["${DB_SERVICE}"]
              db:
                command: "./db --port $DB_PORT $$PORT"
                healthcheck: {exec: "check ${DB_PORT:?} $$x"}
            """,
            environment: ["PROJECT": "demo", "TAG": "1.36", "DB_SERVICE": "db", "DB_PORT": "1"],
            dotEnv: ["PROFILE": "debug"])
        #expect(stack.name == "demo")
        #expect(stack.environment == ["${KEY}": "v", "LIST": "a$b"])
        #expect(
            stack.services[0].command == .exec(["./web", "${FLAG:-x}", "$PORT"]),
            "a list command is expanded when the instance starts")
        #expect(stack.services[0].image == "busybox:1.36")
        #expect(stack.services[0].profiles == ["debug"])
        #expect(stack.services[0].dependsOn.map(\.service) == ["db"])
        // Shell text is expanded by the shell at run time; only `$$` is unescaped.
        #expect(stack.services[1].command == .shell("./db --port $DB_PORT $PORT"))
        #expect(stack.services[1].healthcheck?.probe == .exec("check ${DB_PORT:?} $x"))
    }

    @Test("A required variable names the value's line and column")
    func requiredInTheFile() {
        let yaml = "services:\n  web:\n    command: ./web\n    image: \"${IMAGE:?set the image}\"\n"
        #expect(
            throws: ConfigError(
                file: "muster.yaml", line: 4, column: 12,
                message:
                    "the variable `IMAGE` is not set or is empty (set the image); set it in the shell environment or in .env"
            )
        ) { try parseStack(yaml) }
    }
}
