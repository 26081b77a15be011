#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ConfigExplanation {
    /// The whole document of `muster config --json`.
    struct StackDocument: Encodable {
        var project: String
        var file: String
        var directory: String
        var services: [ServiceDocument]

        init(plan: StackPlan, services: [ServiceDocument]) {
            project = plan.project
            file = plan.file
            directory = plan.directory
            self.services = services
        }
    }

    /// One service; every field is present (null when it does not apply) except readiness details.
    struct ServiceDocument: Encodable {
        var name: String
        var command: String
        var argv: [String]
        var shell: Bool
        var workingDir: String?
        var replicas: Int
        var dependsOn: [DependencyDocument]
        var readiness: ReadinessDocument
        var restart: String
        var stopSignal: String
        var stopGracePeriodMs: Int64
        var oneshot: Bool
        var tty: Bool
        var register: Bool
        var exitOnFailure: Bool
        var instances: [InstanceDocument]

        init(_ name: String, _ instances: [InstancePlan], withEnvironment: Bool) {
            let first = instances[0]
            self.name = name
            command = commandText(first.command)
            argv = first.command.argv
            if case .shell = first.command { shell = true } else { shell = false }
            workingDir = first.workingDirectory
            replicas = first.replicas
            dependsOn = first.dependencies.map {
                DependencyDocument(service: $0.service, condition: $0.condition.rawValue)
            }
            readiness = ReadinessDocument(first.readiness)
            restart = first.restart.description
            stopSignal = first.stopSignal.name
            stopGracePeriodMs = milliseconds(first.stopGracePeriod)
            oneshot = first.oneshot
            tty = first.tty
            register = first.register
            exitOnFailure = first.exitOnFailure
            self.instances = instances.map { InstanceDocument($0, withEnvironment: withEnvironment) }
        }

        enum CodingKeys: String, CodingKey {
            case name, command, argv, shell, replicas, readiness, restart, oneshot, tty, register, instances
            case workingDir = "working_dir", dependsOn = "depends_on", stopSignal = "stop_signal"
            case stopGracePeriodMs = "stop_grace_period_ms", exitOnFailure = "exit_on_failure"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(command, forKey: .command)
            try container.encode(argv, forKey: .argv)
            try container.encode(shell, forKey: .shell)
            try container.encode(workingDir, forKey: .workingDir)
            try container.encode(replicas, forKey: .replicas)
            try container.encode(dependsOn, forKey: .dependsOn)
            try container.encode(readiness, forKey: .readiness)
            try container.encode(restart, forKey: .restart)
            try container.encode(stopSignal, forKey: .stopSignal)
            try container.encode(stopGracePeriodMs, forKey: .stopGracePeriodMs)
            try container.encode(oneshot, forKey: .oneshot)
            try container.encode(tty, forKey: .tty)
            try container.encode(register, forKey: .register)
            try container.encode(exitOnFailure, forKey: .exitOnFailure)
            try container.encode(instances, forKey: .instances)
        }
    }

    /// One `depends_on` entry.
    struct DependencyDocument: Encodable {
        var service: String
        var condition: String
    }

    /// `{"kind": "running" | "port" | "healthcheck", ...}`; the probe fields only for health checks.
    struct ReadinessDocument: Encodable {
        var kind: String
        var probe: String?
        var target: String?
        var intervalMs: Int64?
        var timeoutMs: Int64?
        var retries: Int?
        var startPeriodMs: Int64?

        init(_ readiness: Readiness) {
            switch readiness {
            case .running: kind = "running"
            case .portAccepts: kind = "port"
            case .healthcheck(let check):
                kind = "healthcheck"
                switch check.probe {
                case .http(let path): (probe, target) = ("http", path)
                case .tcp(let port): (probe, target) = ("tcp", port.map(String.init))
                case .exec(let command): (probe, target) = ("exec", command)
                case .log(let pattern): (probe, target) = ("log", pattern)
                }
                intervalMs = milliseconds(check.interval)
                timeoutMs = milliseconds(check.timeout)
                retries = check.retries
                startPeriodMs = milliseconds(check.startPeriod)
            }
        }

        enum CodingKeys: String, CodingKey {
            case kind, probe, target, retries
            case intervalMs = "interval_ms", timeoutMs = "timeout_ms", startPeriodMs = "start_period_ms"
        }
    }

    /// One instance: its name and port (null without one), and with `--explain` its environment.
    struct InstanceDocument: Encodable {
        var name: String
        var port: Int?
        var environment: [String: VariableDocument]?

        init(_ instance: InstancePlan, withEnvironment: Bool) {
            name = instance.name
            port = instance.port
            environment =
                withEnvironment
                ? instance.environment.entries.mapValues {
                    VariableDocument(value: $0.value, origin: $0.origin.description)
                } : nil
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(port, forKey: .port)
            try container.encodeIfPresent(environment, forKey: .environment)
        }

        enum CodingKeys: String, CodingKey { case name, port, environment }
    }

    /// One variable's value and origin.
    struct VariableDocument: Encodable {
        var value: String
        var origin: String
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
