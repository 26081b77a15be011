import Foundation
import MusterCore
import MusterTesting
import Testing

/// Parses `yaml` as `muster.yaml` in `/project`.
func parseStack(
    _ yaml: String, environment: [String: String] = [:], dotEnv: [String: String] = [:]
) throws(ConfigError) -> StackDefinition {
    try StackFileLoader.parse(
        yaml, path: "muster.yaml", directory: "/project", environment: environment, dotEnv: dotEnv)
}

@Suite struct StackFileLoaderTests {
    static let fullExample = """
        name: sensors
        env_file: [.env, config/common.env]
        environment: {LOG_LEVEL: debug, TIMEOUT: 5}
        broker: {tcp_port: 4250, http_port: 4251, lookupd_http_port: 4261}
        registry: false
        container_runtime: podman
        x-anything: {whatever: [1, 2]}
        services:
          worker:
            command: python3 worker.py --mode ${MODE:-fast} --port $PORT
            working_dir: ./worker
            environment:
              MODE: fast
              FROM_SHELL:
            env_file: worker.env
            port: 9002
            replicas: 2
            depends_on:
              sensor: {condition: service_healthy}
              migrate: {condition: service_completed_successfully}
            healthcheck:
              http: /health
              interval: 2s
              timeout: 500ms
              retries: 5
              start_period: 1m30s
            restart: on-failure:5
            stop_signal: SIGINT
            stop_grace_period: 15s
            tty: true
            profiles: [debug, extra]
            register: false
            exit_on_failure: true
            x-note: ignored
          sensor:
            command: [./sensor, --rate, "10"]
            port: auto
            healthcheck: {tcp: 9100}
            restart: "no"
          migrate:
            command: ./migrate.sh
            oneshot: true
            restart: no
            depends_on: [db]
          db:
            image: postgres:16
            build: {context: ./db}
            volumes: [./data:/var/lib/postgresql/data]
            ports: ["5432:5432"]
            entrypoint: [docker-entrypoint.sh]
            healthcheck: {exec: "pg_isready -p $PGPORT", interval: 1.5}
          logger:
            command: ./log.sh
            healthcheck: {log: "listening on \\\\d+"}
            stop_signal: HUP
        """

    @Test("Every field of the full example is read")
    func fullExampleStack() throws {
        let stack = try parseStack(Self.fullExample, environment: ["FROM_SHELL": "shell"])
        #expect(stack.name == "sensors")
        #expect(stack.file == "muster.yaml")
        #expect(stack.directory == "/project")
        #expect(stack.envFiles == ["/project/.env", "/project/config/common.env"])
        #expect(stack.environment == ["LOG_LEVEL": "debug", "TIMEOUT": "5"])
        #expect(stack.broker == .enabled(ports: ["tcp_port": 4250, "http_port": 4251, "lookupd_http_port": 4261]))
        #expect(stack.registry == .disabled)
        #expect(stack.services.map(\.name) == ["worker", "sensor", "migrate", "db", "logger"])
    }

    @Test("Every field of a process service is read")
    func fullWorker() throws {
        let worker = try parseStack(Self.fullExample, environment: ["FROM_SHELL": "shell"]).services[0]
        // Text run by the shell keeps its references, for the shell to expand at run time.
        #expect(worker.command == .shell("python3 worker.py --mode ${MODE:-fast} --port $PORT"))
        #expect(worker.workingDirectory == "/project/worker")
        #expect(worker.environment == ["MODE": "fast", "FROM_SHELL": "shell"])
        #expect(worker.envFiles == ["/project/worker.env"])
        #expect(worker.port == .fixed(9002))
        #expect(worker.replicas == 2)
        #expect(
            worker.dependsOn == [
                Dependency(
                    service: "sensor", condition: .healthy, location: .init(file: "muster.yaml", line: 19, column: 7)),
                Dependency(
                    service: "migrate", condition: .completedSuccessfully,
                    location: .init(file: "muster.yaml", line: 20, column: 7)),
            ])
        var health = HealthCheckDefinition(probe: .http("/health"))
        health.interval = .seconds(2)
        health.timeout = .milliseconds(500)
        health.retries = 5
        health.startPeriod = .seconds(90)
        #expect(worker.healthcheck == health)
        #expect(worker.restart == .onFailure(maxRestarts: 5))
        #expect(worker.stopSignal == .interrupt)
        #expect(worker.stopGracePeriod == .seconds(15))
        #expect(worker.oneshot == false)
        #expect(worker.tty == true)
        #expect(worker.profiles == ["debug", "extra"])
        #expect(worker.register == false)
        #expect(worker.exitOnFailure == true)
        #expect(worker.image == nil)
        #expect(worker.location == SourceLocation(file: "muster.yaml", line: 9, column: 3))
    }

    @Test("The other services of the full example keep their own settings and defaults")
    func fullOthers() throws {
        let services = try parseStack(Self.fullExample).services
        let sensor = services[1]
        #expect(sensor.command == .exec(["./sensor", "--rate", "10"]))
        #expect(sensor.port == .auto)
        #expect(sensor.healthcheck == HealthCheckDefinition(probe: .tcp(port: 9100)))
        #expect(sensor.restart == RestartPolicy.no)
        #expect(sensor.replicas == 1)
        #expect(sensor.stopSignal == .terminate)
        #expect(sensor.stopGracePeriod == .seconds(10))
        #expect(sensor.register == nil)
        #expect(sensor.location == SourceLocation(file: "muster.yaml", line: 35, column: 3))
        let migrate = services[2]
        #expect(migrate.oneshot)
        #expect(migrate.restart == RestartPolicy.no)
        #expect(
            migrate.dependsOn == [Dependency(service: "db", location: .init(file: "muster.yaml", line: 44, column: 18))]
        )
        let db = services[3]
        #expect(db.command == nil)
        #expect(db.image == "postgres:16")
        var probe = HealthCheckDefinition(probe: .exec("pg_isready -p $PGPORT"))
        probe.interval = .milliseconds(1500)
        #expect(db.healthcheck == probe)
        let logger = services[4]
        #expect(logger.healthcheck?.probe == .log("listening on \\d+"))
        #expect(logger.stopSignal == .hangUp)
        #expect(logger.restart == nil, "not written: the planner picks the default")
    }

    @Test("x- keys are ignored at the top level, in services, in healthchecks and as services")
    func extensionKeys() throws {
        let stack = try parseStack(
            """
            x-defaults: &defaults
              restart: always
              unknown_key_inside: ${NOT:?is not checked}
            services:
              x-template:
                nonsense: true
              web:
                command: ./web
                x-owner: team-a
                healthcheck: {http: /, x-comment: fine}
                depends_on: {db: {condition: service_started, x-why: later}, x-skip: {}}
              db:
                command: ./db
            """)
        #expect(stack.services.map(\.name) == ["web", "db"])
        #expect(stack.services[0].dependsOn.map(\.service) == ["db"])
    }

    @Test("YAML merge keys bring in anchored settings; written keys win")
    func mergeKeys() throws {
        let stack = try parseStack(
            """
            x-common: &common
              restart: always
              stop_grace_period: 3s
            services:
              web:
                <<: *common
                command: ./web
                restart: "no"
            """)
        #expect(stack.services[0].restart == RestartPolicy.no)
        #expect(stack.services[0].stopGracePeriod == .seconds(3))
    }

    @Test("Relative paths resolve against the stack file's directory; absolute ones stay")
    func relativePaths() throws {
        let stack = try StackFileLoader.parse(
            """
            env_file: ../shared.env
            services:
              web:
                command: ./web
                working_dir: ./apps/../web/./src
                env_file: [/etc/web.env, local.env]
            """, path: "deploy/muster.yaml", directory: "/home/me/deploy", environment: [:], dotEnv: [:])
        #expect(stack.envFiles == ["/home/me/shared.env"])
        #expect(stack.services[0].workingDirectory == "/home/me/deploy/web/src")
        #expect(stack.services[0].envFiles == ["/etc/web.env", "/home/me/deploy/local.env"])
    }

    @Test("load reads the file from disk and resolves against its directory")
    func loadFromDisk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write(
            "muster.yaml", "services:\n  web:\n    command: ./web\n    working_dir: ${APP_DIR}\n")
        let stack = try StackFileLoader.load(path: file, environment: [:], dotEnv: ["APP_DIR": "app"])
        #expect(stack.file == file)
        #expect(stack.directory == directory.path)
        #expect(stack.services[0].workingDirectory == directory.path + "/app")
        let missing = #expect(throws: ConfigError.self) {
            try StackFileLoader.load(path: directory.path + "/nope.yaml", environment: [:], dotEnv: [:])
        }
        #expect(missing?.line == nil)
    }

    @Test("Other accepted forms: list environment, booleans for broker and registry, tcp: true, replicas 0")
    func otherForms() throws {
        let stack = try parseStack(
            """
            environment: [A=1, B=x=y, C=, FROM_DOTENV]
            broker: false
            registry: {http_port: 8501}
            services:
              web:
                command: ./web
                port: "${WEB_PORT}"
                replicas: 0
                healthcheck: {tcp: true, retries: "2"}
                depends_on: {db: }
              db: {command: ./db, oneshot: "true"}
            """, environment: ["WEB_PORT": "8080"], dotEnv: ["FROM_DOTENV": "d"])
        #expect(stack.environment == ["A": "1", "B": "x=y", "C": "", "FROM_DOTENV": "d"])
        #expect(stack.broker == .disabled)
        #expect(stack.registry == .enabled(ports: ["http_port": 8501]))
        let web = stack.services[0]
        #expect(web.port == .fixed(8080))
        #expect(web.replicas == 0)
        #expect(web.healthcheck?.probe == .tcp(port: nil))
        #expect(web.healthcheck?.retries == 2)
        #expect(web.dependsOn.map(\.condition) == [.started])
        #expect(stack.services[1].oneshot)
    }

    @Test("Defaults: broker and registry on, no name")
    func defaults() throws {
        let stack = try parseStack("services:\n  web:\n    command: ./web\n")
        #expect(stack.name == nil)
        #expect(stack.broker == .enabled(ports: [:]))
        #expect(stack.registry == .enabled(ports: [:]))
        #expect(stack.environment.isEmpty && stack.envFiles.isEmpty)
    }
}
