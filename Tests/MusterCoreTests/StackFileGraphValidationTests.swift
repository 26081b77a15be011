import Testing

@testable import MusterCore

/// Errors that need the whole stack (dependencies, ports), valid graphs, and key suggestions.
@Suite struct StackFileGraphValidationTests {
    typealias Invalid = StackFileValidationTests.Invalid

    static let dependencies: [Invalid] = [
        Invalid(
            "unknown dependency",
            "services:\n  a: {command: a}\n  b: {command: b}\n  app: {command: x, depends_on: [db]}\n",
            "muster.yaml:4:34: `app` depends on `db`, which is not a service of this file; the services are a, b, app."),
        Invalid(
            "unknown dependency with suggestion",
            "services:\n  database: {command: a}\n  app: {command: x, depends_on: {databse: {}}}\n",
            "muster.yaml:3:34: `app` depends on `databse`, which is not a service of this file (did you mean `database`?); the services are database, app."
        ),
        Invalid(
            "self dependency", "services:\n  app: {command: x, depends_on: [app]}\n",
            "muster.yaml:2:34: `app` depends on itself; remove `app` from its `depends_on`."),
        Invalid(
            "cycle",
            """
            services:
              a: {command: a, depends_on: [b]}
              b: {command: b, depends_on: [c]}
              c: {command: c, depends_on: [a]}
            """,
            "muster.yaml:4:32: the services depend on each other in a cycle: a -> b -> c -> a; remove one of these dependencies."
        ),
        Invalid(
            "cycle not through the first service",
            """
            services:
              web: {command: w, depends_on: [api]}
              api: {command: a, depends_on: {db: {condition: service_healthy}}}
              db: {command: d, depends_on: [api], healthcheck: {tcp: 1}}
            """,
            "muster.yaml:4:33: the services depend on each other in a cycle: api -> db -> api; remove one of these dependencies."
        ),
        Invalid(
            "completed successfully without oneshot",
            """
            services:
              migrate: {command: ./migrate}
              app:
                command: ./app
                depends_on:
                  migrate: {condition: service_completed_successfully}
            """,
            "muster.yaml:6:7: `app` waits for `migrate` to complete successfully, but `migrate` is not a oneshot job; add `oneshot: true` to `migrate` or use another condition."
        ),
        Invalid(
            "unknown condition",
            "services:\n  db: {command: d}\n  app: {command: x, depends_on: {db: {condition: service_health}}}\n",
            "muster.yaml:3:50: `condition` must be service_started, service_healthy or service_completed_successfully, not \"service_health\" (did you mean `service_healthy`?)."
        ),
        Invalid(
            "unknown dependency key",
            "services:\n  db: {command: d}\n  app: {command: x, depends_on: {db: {required: true}}}\n",
            "muster.yaml:3:39: unknown key `required` in the dependency on `db`; remove it, or rename it to `x-required` to keep it as an extension."
        ),
        Invalid(
            "dependency listed twice", "services:\n  db: {command: d}\n  app: {command: x, depends_on: [db, db]}\n",
            "muster.yaml:3:38: `app` lists `db` twice in `depends_on`; remove one of them."),
        Invalid(
            "depends_on a string", "services:\n  db: {command: d}\n  app: {command: x, depends_on: db}\n",
            "muster.yaml:3:33: `depends_on` must be a list of service names or a mapping of names to conditions, not \"db\"."
        ),
    ]

    static let ports: [Invalid] = [
        Invalid(
            "two services on one port", "services:\n  a: {command: a, port: 8000}\n  b: {command: b, port: 8000}\n",
            "muster.yaml:3:25: `a` (port 8000) and `b` (port 8000) both use port 8000; give one of them another `port`."
        ),
        Invalid(
            "replicas reach the next service's port",
            "services:\n  a: {command: a, port: 8000, replicas: 3}\n  b: {command: b, port: 8002}\n",
            "muster.yaml:3:25: `a` (ports 8000-8002) and `b` (port 8002) both use port 8002; give one of them another `port`."
        ),
        Invalid(
            "a later range covers an earlier port",
            "services:\n  a: {command: a, port: 8005}\n  b: {command: b, port: 8000, replicas: 10}\n",
            "muster.yaml:3:25: `a` (port 8005) and `b` (ports 8000-8009) both use port 8005; give one of them another `port`."
        ),
    ]

    @Test("Dependency errors", arguments: dependencies)
    func dependencyErrors(_ example: Invalid) { StackFileValidationTests.check(example) }

    @Test("Port errors", arguments: ports)
    func portErrors(_ example: Invalid) { StackFileValidationTests.check(example) }

    @Test("Ports that only touch, replicas 0 and auto ports do not conflict")
    func portsWithoutConflict() throws {
        let stack = try parseStack(
            """
            services:
              a: {command: a, port: 8000, replicas: 2}
              b: {command: b, port: 8002}
              c: {command: c, port: 8002, replicas: 0}
              d: {command: d, port: auto, replicas: 3}
              e: {command: e, port: auto}
              f: {command: f, port: 65535}
            """)
        #expect(stack.services.count == 6)
    }

    @Test("Valid dependency graphs: diamonds and completed oneshot jobs")
    func validGraph() throws {
        let stack = try parseStack(
            """
            services:
              migrate: {command: m, oneshot: true}
              db: {command: d}
              api: {command: a, depends_on: {db: {condition: service_healthy}, migrate: {condition: service_completed_successfully}}}
              web: {command: w, depends_on: [api, db]}
            """)
        #expect(stack.services.map(\.dependsOn.count) == [0, 0, 2, 2])
    }

    /// A misspelt key, the candidates and the suggestion.
    static let suggestions: [(String, [String], String?)] = [
        ("comand", StackFileReader.serviceKeys, "command"),
        ("commands", StackFileReader.serviceKeys, "command"),
        ("workdir", StackFileReader.serviceKeys, nil),
        ("working-dir", StackFileReader.serviceKeys, "working_dir"),
        ("workingDir", StackFileReader.serviceKeys, "working_dir"),
        ("depends", StackFileReader.serviceKeys, "depends_on"),
        ("dependson", StackFileReader.serviceKeys, "depends_on"),
        ("env", StackFileReader.serviceKeys, "env_file"),
        ("helthcheck", StackFileReader.serviceKeys, "healthcheck"),
        ("replica", StackFileReader.serviceKeys, "replicas"),
        ("stop_grace", StackFileReader.serviceKeys, "stop_grace_period"),
        ("portz", StackFileReader.serviceKeys, "port"),
        ("xyz", StackFileReader.serviceKeys, nil),
        ("a", StackFileReader.serviceKeys, nil),
        ("databse", ["cache", "database"], "database"),
        ("db", ["a", "b"], nil),
        ("tyy", StackFileReader.serviceKeys, "tty"),
        ("imag", StackFileReader.serviceKeys, "image"),
        ("services", StackFileReader.topLevelKeys, nil),
        ("servces", StackFileReader.topLevelKeys, "services"),
    ]

    @Test("Key suggestions", arguments: suggestions)
    func keySuggestions(_ written: String, _ candidates: [String], _ expected: String?) {
        #expect(KeySuggestion.suggest(written, from: candidates) == expected)
    }
}
