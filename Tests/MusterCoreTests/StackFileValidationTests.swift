import Testing

@testable import MusterCore

@Suite struct StackFileValidationTests {
    /// A broken file and the exact error it must produce.
    struct Invalid: Sendable, CustomTestStringConvertible {
        var label: String
        var yaml: String
        var description: String
        var testDescription: String { label }

        init(_ label: String, _ yaml: String, _ description: String) {
            self.label = label
            self.yaml = yaml
            self.description = description
        }
    }

    /// `services:` with one `web` service running `./web`, followed by `extra` indented as web's keys.
    static func web(_ extra: String) -> String {
        "services:\n  web:\n    command: ./web\n" + extra.split(separator: "\n").map { "    \($0)\n" }.joined()
    }

    static let structure: [Invalid] = [
        Invalid(
            "YAML syntax error", "services:\n  web:\n    command: ./web\n   port: 80\n",
            "muster.yaml:4:4: invalid YAML: did not find expected key while parsing a block mapping that starts at line 2; check the indentation, colons and quotes here."
        ),
        Invalid(
            "unclosed quote", "services:\n  web: {command: \"./web}\n",
            "muster.yaml:3:1: invalid YAML: found unexpected end of stream while scanning a quoted scalar that starts at line 2; check the indentation, colons and quotes here."
        ),
        Invalid(
            "duplicate key", "services:\n  web: {command: a}\n  web: {command: b}\n",
            "muster.yaml:2:3: the key `web` appears more than once in the same mapping; remove or rename one of them."),
        Invalid(
            "empty file", "# nothing\n",
            "muster.yaml: the file is empty; add a `services:` mapping with at least one service."),
        Invalid(
            "top level is a list", "- web\n- db\n",
            "muster.yaml:1:1: the file must be a mapping with a `services:` key at the top level, not a list."),
        Invalid(
            "a Procfile line", "web: ./web\n",
            "muster.yaml:1:1: unknown key `web` at the top level; remove it, or rename it to `x-web` to keep it as an extension."
        ),
        Invalid(
            "no services key", "name: demo\n",
            "muster.yaml:1:1: the file has no `services:`; add a `services:` mapping with at least one service."),
        Invalid(
            "services empty", "services:\n",
            "muster.yaml:1:10: `services` is empty; add at least one service with its `command`."),
        Invalid(
            "services {}", "services: {}\n",
            "muster.yaml:1:11: `services` is empty; add at least one service with its `command`."),
        Invalid(
            "only extension services", "services:\n  x-base: {}\n",
            "muster.yaml:2:3: `services` has no services; add at least one service with its `command`."),
        Invalid(
            "services is a list", "services: [web]\n",
            "muster.yaml:1:11: `services` must be a mapping of service names to settings, not a list."),
        Invalid(
            "unknown top-level key with suggestion", "service:\n  web: {command: ./web}\n",
            "muster.yaml:1:1: unknown key `service` at the top level (did you mean `services`?); rename or remove it."),
        Invalid(
            "unknown top-level key without suggestion", "version: \"3\"\nservices:\n  web: {command: ./web}\n",
            "muster.yaml:1:1: unknown key `version` at the top level; remove it, or rename it to `x-version` to keep it as an extension."
        ),
        Invalid(
            "unknown service key", web("comand: ./other"),
            "muster.yaml:4:5: unknown key `comand` in service `web` (did you mean `command`?); rename or remove it."),
        Invalid(
            "unknown service key by prefix", web("health: {http: /}"),
            "muster.yaml:4:5: unknown key `health` in service `web` (did you mean `healthcheck`?); rename or remove it."
        ),
        Invalid(
            "unknown healthcheck key", web("healthcheck: {http: /, interva: 1s}"),
            "muster.yaml:4:28: unknown key `interva` in the healthcheck of `web` (did you mean `interval`?); rename or remove it."
        ),
        Invalid(
            "unknown broker key", "broker: {tcp: 1}\nservices:\n  web: {command: ./web}\n",
            "muster.yaml:1:10: unknown key `tcp` in `broker` (did you mean `tcp_port`?); rename or remove it."),
        Invalid(
            "bad service name", "services:\n  my web: {command: ./web}\n",
            "muster.yaml:2:3: the service name `my web` may only contain letters, digits, `_` and `-`; rename it."),
        Invalid(
            "service given as a string", "services:\n  web: ./web\n",
            "muster.yaml:2:8: `web` must be a mapping of service settings, not \"./web\"; write `command: ...` indented under `web:`."
        ),
        Invalid(
            "service without command", "services:\n  web: {port: 80}\n",
            "muster.yaml:2:3: the service `web` has no `command`; add `command:` (or `image:` for a container)."),
        Invalid(
            "not a mapping at all", "services:\n  web: [a]\n",
            "muster.yaml:2:8: `web` must be a mapping of keys to values, not a list."),
        Invalid(
            "bad project name", "name: my project\nservices:\n  web: {command: ./web}\n",
            "muster.yaml:1:7: `name` may only contain letters, digits, `_` and `-`, not \"my project\"; rename the project."
        ),
        Invalid(
            "container runtime", "container_runtime: lxc\nservices:\n  web: {command: ./web}\n",
            "muster.yaml:1:20: `container_runtime` must be docker or podman, not \"lxc\"."),
        Invalid(
            "broker not a bool", "broker: maybe\nservices:\n  web: {command: ./web}\n",
            "muster.yaml:1:9: `broker` must be true, false or a mapping of tcp_port, http_port, lookupd_http_port, not \"maybe\"."
        ),
        Invalid(
            "registry port out of range", "registry: {dns_port: 70000}\nservices:\n  web: {command: ./web}\n",
            "muster.yaml:1:22: `dns_port` must be a port number from 1 to 65535, not 70000."),
    ]

    static let values: [Invalid] = [
        Invalid(
            "replicas not a number", web("replicas: two"),
            "muster.yaml:4:15: `replicas` must be a whole number, not \"two\"."),
        Invalid("replicas negative", web("replicas: -1"), "muster.yaml:4:15: `replicas` must be 0 or more, not -1."),
        Invalid(
            "replicas a list", web("replicas: [1]"), "muster.yaml:4:15: `replicas` must be a whole number, not a list."),
        Invalid(
            "port out of range", web("port: 70000"),
            "muster.yaml:4:11: `port` must be a number from 1 to 65535 or \"auto\", not \"70000\"."),
        Invalid(
            "port a word", web("port: any"),
            "muster.yaml:4:11: `port` must be a number from 1 to 65535 or \"auto\", not \"any\"."),
        Invalid(
            "port and replicas overflow", web("port: 65534\nreplicas: 3"),
            "muster.yaml:4:11: `web` needs ports 65534 to 65536 for its 3 replicas, past the last port 65535; lower `port` or `replicas`."
        ),
        Invalid("bool", web("tty: yes please"), "muster.yaml:4:10: `tty` must be true or false, not \"yes please\"."),
        Invalid(
            "empty command", "services:\n  web: {command: \"  \"}\n",
            "muster.yaml:2:18: `command` is empty; write the command to run after the colon."),
        Invalid(
            "empty command list", "services:\n  web: {command: []}\n",
            "muster.yaml:2:18: `command` is an empty list; write the program and its arguments."),
        Invalid(
            "command a mapping", "services:\n  web: {command: {run: x}}\n",
            "muster.yaml:2:18: `command` must be a string or a list of strings, not a mapping."),
        Invalid(
            "command list item", "services:\n  web: {command: [a, [b]]}\n",
            "muster.yaml:2:22: each item of `command` must be a string, not a list."),
        Invalid(
            "restart", web("restart: sometimes"),
            "muster.yaml:4:14: `restart` must be no, always, on-failure, on-failure:N or unless-stopped, not \"sometimes\"."
        ),
        Invalid(
            "stop signal", web("stop_signal: SIGFOO"),
            "muster.yaml:4:18: `stop_signal` must be a signal name such as SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1 or SIGKILL, not \"SIGFOO\"."
        ),
        Invalid(
            "bad duration", web("stop_grace_period: soon"),
            "muster.yaml:4:24: `stop_grace_period` must be a duration such as 1s, 500ms, 2m, 1m30s, 1h or a number of seconds, not \"soon\"."
        ),
        Invalid(
            "environment a string", web("environment: A=1"),
            "muster.yaml:4:18: `environment` must be a mapping or a list of KEY=VALUE, not \"A=1\"."),
        Invalid(
            "environment value a list", web("environment: {A: [1]}"),
            "muster.yaml:4:22: the value of `A` must be a string, not a list."),
        Invalid(
            "env_file a mapping", web("env_file: {a: b}"),
            "muster.yaml:4:15: `env_file` must be a string or a list of strings, not a mapping."),
        Invalid(
            "profiles", web("profiles: debug"), "muster.yaml:4:15: `profiles` must be a list of strings, not \"debug\"."
        ),
        Invalid(
            "working_dir empty", web("working_dir: \"\""),
            "muster.yaml:4:18: `working_dir` is empty; write a value after the colon or remove the key."),
        Invalid(
            "volumes", "services:\n  db: {image: pg, volumes: ./data}\n",
            "muster.yaml:2:28: `volumes` must be a list of volumes such as ./data:/data, not \"./data\"."),
        Invalid(
            "ports item", "services:\n  db: {image: pg, ports: [[80]]}\n",
            "muster.yaml:2:27: each item of `ports` must be a string or a mapping, not a list."),
        Invalid("build", "services:\n  db: {build: [x]}\n", "muster.yaml:2:15: `build` must be a string, not a list."),
        Invalid(
            "entrypoint", "services:\n  db: {image: pg, entrypoint: {a: b}}\n",
            "muster.yaml:2:31: `entrypoint` must be a string or a list of strings, not a mapping."),
    ]

    static let healthchecks: [Invalid] = [
        Invalid(
            "no probe", web("healthcheck: {interval: 1s}"),
            "muster.yaml:4:18: the healthcheck of `web` has no probe; add one of `http`, `tcp`, `exec` or `log`."),
        Invalid(
            "two probes", web("healthcheck:\n  http: /health\n  tcp: 80"),
            "muster.yaml:6:7: the healthcheck of `web` has two probes, `http` and `tcp`; keep only one."),
        Invalid(
            "http without slash", web("healthcheck: {http: health}"),
            "muster.yaml:4:25: `http` must be a path starting with `/` or a full http:// URL, not \"health\"."),
        Invalid(
            "tcp not a port", web("healthcheck: {tcp: web}"),
            "muster.yaml:4:24: `tcp` must be a whole number, not \"web\"."),
        Invalid(
            "bad regex", web("healthcheck: {log: \"ready (\"}"),
            "muster.yaml:4:24: `log` must be a valid regular expression, not \"ready (\"; escape special characters such as ( [ . * with a backslash."
        ),
        Invalid(
            "retries zero", web("healthcheck: {exec: true, retries: 0}"),
            "muster.yaml:4:40: `retries` must be 1 or more, not 0."),
        Invalid(
            "interval zero", web("healthcheck: {exec: true, interval: 0s}"),
            "muster.yaml:4:41: `interval` must be longer than 0s; write a duration such as 1s."),
        Invalid(
            "healthcheck a string", web("healthcheck: curl localhost"),
            "muster.yaml:4:18: `healthcheck` must be a mapping of keys to values, not \"curl localhost\"."),
    ]

    @Test("Structure errors", arguments: structure)
    func structureErrors(_ example: Invalid) { Self.check(example) }

    @Test("Value errors", arguments: values)
    func valueErrors(_ example: Invalid) { Self.check(example) }

    @Test("Healthcheck errors", arguments: healthchecks)
    func healthcheckErrors(_ example: Invalid) { Self.check(example) }

    static func check(_ example: Invalid) {
        do {
            let stack = try parseStack(example.yaml)
            Issue.record("expected an error, parsed \(stack.services.map(\.name))")
        } catch {
            #expect(error.description == example.description)
        }
    }
}
