import Foundation
import MusterCore
import MusterTesting
import Synchronization
import Testing

/// Plans hand-built stack definitions, always with an explicit shell environment and fake free ports.
@Suite struct StackPlannerTests {
    static let directory = "/home/dev/shop"
    static let shell = ["HOME": "/home/dev", "PATH": "/usr/bin:/bin"]

    /// A free-port source that hands out a fixed sequence and counts its calls.
    final class FakePorts: Sendable {
        private let state: Mutex<(ports: [Int], calls: Int)>

        init(_ ports: [Int]) { state = Mutex((ports, 0)) }

        var calls: Int { state.withLock { $0.calls } }

        func next() throws -> Int {
            try state.withLock { state in
                state.calls += 1
                guard !state.ports.isEmpty else { throw CocoaError(.fileReadUnknown) }
                return state.ports.removeFirst()
            }
        }
    }

    static func service(
        _ name: String, _ command: String? = nil, configure: (inout ServiceDefinition) -> Void = { _ in }
    ) -> ServiceDefinition {
        var service = ServiceDefinition(name: name, command: .shell(command ?? "./\(name)"))
        configure(&service)
        return service
    }

    static func stack(_ services: [ServiceDefinition], name: String? = nil) -> StackDefinition {
        var definition = StackDefinition(file: "\(directory)/muster.yaml", directory: directory, services: services)
        definition.name = name
        return definition
    }

    static func plan(
        _ definition: StackDefinition, selected: [String] = [], profiles: [String] = [],
        dotEnv: [String: DotEnvValue] = [:], shell: [String: String] = StackPlannerTests.shell,
        ports: FakePorts = FakePorts([])
    ) throws(ConfigError) -> StackPlan {
        try StackPlanner.plan(
            definition,
            options: StackPlanner.Options(
                selected: selected, profiles: profiles, dotEnv: dotEnv, shellEnvironment: shell,
                freePort: { try ports.next() }))
    }

    /// A variable's value and origin.
    static func entry(_ instance: InstancePlan?, _ key: String) -> String? {
        guard let entry = instance?.environment.entries[key] else { return nil }
        return "\(entry.value) (\(entry.origin.description))"
    }

    /// web (no profile) needs api needs db (profile "data"); debug (profile "debug") needs tools (profile "debug").
    static let profiled = stack([
        service("web") { $0.dependsOn = [Dependency(service: "api")] },
        service("api") { $0.dependsOn = [Dependency(service: "db", condition: .healthy)] },
        service("db") { $0.profiles = ["data"] },
        service("debug") {
            $0.profiles = ["debug"]
            $0.dependsOn = [Dependency(service: "tools")]
        },
        service("tools") { $0.profiles = ["debug", "ops"] },
        service("lonely") { $0.profiles = ["ops"] },
    ])

    // MARK: - Selection

    @Test func withoutNamesEveryUnprofiledServiceRunsWithItsDependencies() throws {
        let plan = try Self.plan(Self.profiled)
        #expect(plan.serviceNames == ["web", "api", "db"])
    }

    @Test func anActiveProfileAddsItsServices() throws {
        #expect(
            try Self.plan(Self.profiled, profiles: ["ops"]).serviceNames == ["web", "api", "db", "tools", "lonely"])
        #expect(
            try Self.plan(Self.profiled, profiles: ["debug"]).serviceNames == ["web", "api", "db", "debug", "tools"])
    }

    @Test func aNamedServiceRunsEvenWhenItsProfileIsOff() throws {
        #expect(try Self.plan(Self.profiled, selected: ["debug"]).serviceNames == ["debug", "tools"])
        #expect(try Self.plan(Self.profiled, selected: ["lonely"]).serviceNames == ["lonely"])
    }

    @Test func namedServicesPullInTheirDependenciesTransitively() throws {
        #expect(try Self.plan(Self.profiled, selected: ["web"]).serviceNames == ["web", "api", "db"])
        #expect(try Self.plan(Self.profiled, selected: ["api"]).serviceNames == ["api", "db"])
        #expect(try Self.plan(Self.profiled, selected: ["db"]).serviceNames == ["db"])
    }

    @Test func anUnknownNamedServiceIsAnErrorListingTheServices() {
        #expect(throws: ConfigError.self) { try Self.plan(Self.profiled, selected: ["web", "wbe"]) }
        do {
            _ = try Self.plan(Self.profiled, selected: ["wbe"])
        } catch {
            #expect(
                error.description
                    == "/home/dev/shop/muster.yaml: there is no service named \"wbe\"; the services are web, api, db, debug, tools, lonely."
            )
        }
    }

    @Test func aDependencyWithoutReplicasIsAnError() {
        let definition = Self.stack([
            Self.service("web") { $0.dependsOn = [Dependency(service: "db")] },
            Self.service("db") { $0.replicas = 0 },
        ])
        #expect(throws: ConfigError.self) { try Self.plan(definition) }
    }

    @Test func theProjectIsTheNameElseTheDirectory() throws {
        #expect(try Self.plan(Self.stack([Self.service("web")])).project == "shop")
        #expect(try Self.plan(Self.stack([Self.service("web")], name: "sensors")).project == "sensors")
    }

    // MARK: - Instances and ports

    @Test func replicasGetNumberedInstancesAndConsecutiveFixedPorts() throws {
        let definition = Self.stack([
            Self.service("web") {
                $0.replicas = 3
                $0.port = .fixed(9000)
            },
            Self.service("worker"),
            Self.service("idle") { $0.replicas = 0 },
        ])
        let plan = try Self.plan(definition)
        #expect(plan.instances.map(\.name) == ["web.1", "web.2", "web.3", "worker.1"])
        #expect(plan.instances.map(\.displayName) == ["web.1", "web.2", "web.3", "worker"])
        #expect(plan.instances.map(\.port) == [9000, 9001, 9002, nil])
        #expect(plan.instances.map { $0.environment["PORT"] } == ["9000", "9001", "9002", nil])
        #expect(plan.instances[3].workingDirectory == Self.directory)
    }

    @Test func autoPortsComeFromTheFreePortSourceOncePerInstanceAndAvoidFixedOnes() throws {
        let ports = FakePorts([9000, 9500, 9500, 9501])
        let definition = Self.stack([
            Self.service("api") {
                $0.port = .auto
                $0.replicas = 2
            },
            Self.service("db") { $0.port = .fixed(9000) },
        ])
        let plan = try Self.plan(definition, ports: ports)
        #expect(plan.instances.map(\.port) == [9500, 9501, 9000])
        #expect(ports.calls == 4)
    }

    @Test func aFailingFreePortSourceIsAConfigError() {
        let definition = Self.stack([Self.service("api") { $0.port = .auto }])
        #expect(throws: ConfigError.self) { try Self.plan(definition, ports: FakePorts([])) }
    }

    @Test func overlappingFixedPortRangesAreAnError() {
        let definition = Self.stack([
            Self.service("web") {
                $0.port = .fixed(9000)
                $0.replicas = 2
            },
            Self.service("api") { $0.port = .fixed(9001) },
        ])
        do {
            _ = try Self.plan(definition)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("web.2 and api.1 would both get port 9001"))
        }
    }

    @Test func portsAbove65535AreAnError() {
        let definition = Self.stack([
            Self.service("web") {
                $0.port = .fixed(65535)
                $0.replicas = 2
            }
        ])
        #expect(throws: ConfigError.self) { try Self.plan(definition) }
    }

    @Test func theDefaultFreePortIsALoopbackPortThatCanBeBound() throws {
        let port = try StackPlanner.freeLoopbackPort()
        #expect((1...65535).contains(port))
    }

    // MARK: - Environment

    @Test func everyLayerWinsOverTheOneBelowAndRecordsItsOrigin() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stackFile = try directory.write("stack.env", "STACK_FILE=stack-file\nSTACK=stack-file\nPORT=1\n")
        let first = try directory.write("first.env", "FILE=first\nFIRST=first\nSERVICE=first\n")
        let second = try directory.write("second.env", "FILE=second\n")
        var definition = Self.stack([
            Self.service("api") {
                $0.port = .fixed(9000)
                $0.envFiles = [first, second]
                $0.environment = ["SERVICE": "service"]
            }
        ])
        definition.envFiles = [stackFile]
        definition.environment = ["STACK": "stack"]
        let keys = ["DOTENV", "SHELL", "PS", "STACK_FILE", "STACK", "FILE", "FIRST", "SERVICE"]
        var dotEnv = Dictionary(
            uniqueKeysWithValues: keys.map { ($0, DotEnvValue(value: "dotenv", file: ".env", line: 1)) })
        dotEnv["PYTHONUNBUFFERED"] = DotEnvValue(value: "0", file: ".env", line: 2)
        dotEnv["PORT"] = DotEnvValue(value: "5000", file: ".env", line: 3)
        var shell = Dictionary(uniqueKeysWithValues: keys.dropFirst().map { ($0, "shell") })
        shell["PORT"] = "7000"

        let api = try Self.plan(definition, dotEnv: dotEnv, shell: shell).instances.first
        #expect(Self.entry(api, "PYTHONUNBUFFERED") == "0 (.env)")
        #expect(Self.entry(api, "DOTENV") == "dotenv (.env)")
        #expect(Self.entry(api, "SHELL") == "shell (shell)")
        #expect(Self.entry(api, "PS") == "api.1 (injected)")
        #expect(Self.entry(api, "STACK_FILE") == "stack-file (stack environment)")
        #expect(Self.entry(api, "STACK") == "stack (stack environment)")
        #expect(Self.entry(api, "FILE") == "second (\(second))")
        #expect(Self.entry(api, "FIRST") == "first (\(first))")
        #expect(Self.entry(api, "SERVICE") == "service (service environment)")
        // PORT: .env < shell < injected < stack env_file (written in the stack file wins).
        #expect(Self.entry(api, "PORT") == "1 (stack environment)")
    }

    @Test func musterDefaultsApplyWhenNothingElseSetsThem() throws {
        let plan = try Self.plan(Self.stack([Self.service("web")]))
        #expect(Self.entry(plan.instances.first, "PYTHONUNBUFFERED") == "1 (muster default)")
        #expect(Self.entry(plan.instances.first, "MUSTER_PROJECT") == "shop (injected)")
        #expect(plan.environment["PORT"] == nil)
        #expect(plan.environment.entries["HOME"]?.origin == .shell)
    }

    @Test func injectedPeersAreEveryPlannedInstance() throws {
        let definition = Self.stack([
            Self.service("web") { $0.dependsOn = [Dependency(service: "user-db")] },
            Self.service("user-db") {
                $0.port = .fixed(5432)
                $0.replicas = 2
            },
        ])
        let web = try Self.plan(definition).instances.first
        #expect(Self.entry(web, "USER_DB_URL") == "http://127.0.0.1:5432 (injected)")
        #expect(Self.entry(web, "services__user-db__http__1") == "http://127.0.0.1:5433 (injected)")
        #expect(web?.environment["PORT"] == nil)
    }

    @Test func aMissingEnvFileIsAnErrorNamingTheService() {
        let definition = Self.stack([Self.service("api") { $0.envFiles = ["/nonexistent/api.env"] }])
        do {
            _ = try Self.plan(definition)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.message
                    == "the env_file /nonexistent/api.env of the service \"api\" does not exist; create it or remove it from env_file"
            )
        }
    }

    // MARK: - Other fields

    @Test func readinessIsTheHealthCheckElseThePortElseRunning() throws {
        let check = HealthCheckDefinition(probe: .http("/health"))
        let definition = Self.stack([
            Self.service("checked") {
                $0.port = .fixed(8000)
                $0.healthcheck = check
            },
            Self.service("listening") { $0.port = .fixed(8100) },
            Self.service("plain"),
        ])
        let readiness = try Self.plan(definition).instances.map(\.readiness)
        #expect(readiness == [.healthcheck(check), .portAccepts(8100), .running])
    }

    @Test func oneshotJobsAreNotRestartedByDefault() throws {
        let definition = Self.stack([
            Self.service("migrate") { $0.oneshot = true },
            Self.service("seed") {
                $0.oneshot = true
                $0.restart = .onFailure(maxRestarts: 3)
            },
            Self.service("web"),
            Self.service("cron") { $0.restart = .always },
        ])
        let plan = try Self.plan(definition)
        #expect(
            plan.instances.map(\.restart) == [.no, .onFailure(maxRestarts: 3), .onFailure(maxRestarts: nil), .always])
        #expect(plan.instances.map(\.oneshot) == [true, true, false, false])
    }

    @Test func servicesWithAPortRegisterUnlessTheySayOtherwise() throws {
        let definition = Self.stack([
            Self.service("api") { $0.port = .fixed(9000) },
            Self.service("worker"),
            Self.service("hidden") {
                $0.port = .auto
                $0.register = false
            },
            Self.service("announced") { $0.register = true },
        ])
        let plan = try Self.plan(definition, ports: FakePorts([9100]))
        #expect(plan.instances.map(\.register) == [true, false, false, true])
    }

    @Test func fieldsAreCopiedFromTheDefinition() throws {
        let definition = Self.stack([
            Self.service("api") {
                $0.command = .exec(["./api", "--verbose"])
                $0.workingDirectory = "/srv/api"
                $0.stopSignal = .interrupt
                $0.stopGracePeriod = .seconds(3)
                $0.exitOnFailure = true
                $0.tty = true
                $0.dependsOn = [Dependency(service: "db", condition: .completedSuccessfully)]
            },
            Self.service("db") {
                $0.command = nil
                $0.image = "postgres:16"
            },
        ])
        let plan = try Self.plan(definition)
        let api = try #require(plan.instances.first)
        #expect(api.command == .exec(["./api", "--verbose"]))
        #expect(api.workingDirectory == "/srv/api")
        #expect(api.stopSignal == .interrupt)
        #expect(api.stopGracePeriod == .seconds(3))
        #expect(api.exitOnFailure && api.tty)
        #expect(api.dependencies == [Dependency(service: "db", condition: .completedSuccessfully)])
        #expect(plan.instances.last?.command == .exec([]))
    }

    @Test func aServiceWithoutCommandOrImageIsAnError() {
        let definition = Self.stack([Self.service("api") { $0.command = nil }])
        #expect(throws: ConfigError.self) { try Self.plan(definition) }
    }

    @Test("Over 500 replicas of a service is a warning; more instances than the watchdog guards is an error")
    func scaleLimits() throws {
        let usual = try Self.plan(Self.stack([Self.service("worker") { $0.replicas = 500 }]))
        #expect(usual.warnings.isEmpty)
        let many = try Self.plan(Self.stack([Self.service("worker") { $0.replicas = 501 }]))
        #expect(many.instances.count == 501)
        #expect(many.warnings.count == 1 && many.warnings[0].hasPrefix("worker has 501 replicas, over 500"))
        let tooMany = Self.stack([
            Self.service("a") { $0.replicas = 5000 }, Self.service("b") { $0.replicas = 3193 },
        ])
        let error = #expect(throws: ConfigError.self) { try Self.plan(tooMany) }
        #expect(error?.message.contains("asks for 8193 instances, and Muster can guard at most 8192") == true)
    }
}
