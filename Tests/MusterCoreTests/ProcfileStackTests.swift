import Foundation
import MusterTesting
import Testing

@testable import MusterCore

/// Plans real Procfiles written into temporary directories, always with an explicit shell environment.
@Suite struct ProcfileStackTests {
    /// A shell environment that stands in for the real one.
    static let shell = ["HOME": "/home/dev", "PATH": "/usr/bin:/bin"]

    /// A temporary project directory holding `Procfile` (and whatever else a test writes), removed at the end.
    final class Project {
        let directory: TemporaryDirectory
        let procfile: String

        init(_ procfile: String = "web: ./web\nworker: ./worker\n") throws {
            directory = try TemporaryDirectory()
            self.procfile = try directory.write("Procfile", procfile)
        }

        deinit { directory.remove() }

        var path: String { directory.path }
        var name: String { URL(fileURLWithPath: directory.path).lastPathComponent }

        @discardableResult
        func write(_ name: String, _ contents: String) throws -> String {
            try directory.write(name, contents)
        }

        func plan(
            shell: [String: String] = ProcfileStackTests.shell,
            _ configure: (inout StackLoader.Request) -> Void = { _ in }
        ) throws(ConfigError) -> StackPlan {
            try ProcfileStackTests.plan(procfile: procfile, shell: shell, configure)
        }
    }

    /// Plans the Procfile at `path` as `muster start -f path` does once the file is found.
    static func plan(
        procfile path: String, shell: [String: String] = [:],
        _ configure: (inout StackLoader.Request) -> Void = { _ in }
    ) throws(ConfigError) -> StackPlan {
        var request = StackLoader.Request(file: path)
        request.environment = shell
        configure(&request)
        return try StackLoader.plan(StackFileLocator.Location(path: path, kind: .procfile), request)
    }

    /// A variable's value and origin (`ResolvedEnvironment.Entry` has no public initialiser to compare with).
    struct Value: Equatable, CustomStringConvertible {
        var value: String
        var origin: EnvironmentOrigin

        init(value: String, origin: EnvironmentOrigin) {
            self.value = value
            self.origin = origin
        }

        init?(_ environment: ResolvedEnvironment, _ key: String) {
            guard let entry = environment.entries[key] else { return nil }
            self.init(value: entry.value, origin: entry.origin)
        }

        var description: String { "\(value) (\(origin))" }
    }

    static func instance(_ plan: StackPlan, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws
        -> InstancePlan
    {
        try #require(plan.instances.first { $0.name == name }, "no instance \(name)", sourceLocation: sourceLocation)
    }

    static func ports(_ plan: StackPlan) -> [String] {
        plan.instances.map { "\($0.name)=\($0.port.map(String.init) ?? "-")" }
    }

    // MARK: - Ports

    static let threeServices = "web: ./web\nworker: ./worker\nclock: ./clock\n"

    /// `-m`, `-p`, `.env` → the port of every instance: base + 100 × index + (instance − 1).
    struct PortCase: Sendable, CustomTestStringConvertible {
        var label: String
        var formation: Formation = .default
        var basePort: Int?
        var dotEnv: String?
        var ports: [String]
        var testDescription: String { label }
    }

    static let portCases: [PortCase] = [
        PortCase(label: "default base 5000", ports: ["web.1=5000", "worker.1=5100", "clock.1=5200"]),
        PortCase(
            label: "with replicas", formation: Formation(counts: ["web": 2, "worker": 3]),
            ports: ["web.1=5000", "web.2=5001", "worker.1=5100", "worker.2=5101", "worker.3=5102", "clock.1=5200"]),
        PortCase(label: "-p", basePort: 6000, ports: ["web.1=6000", "worker.1=6100", "clock.1=6200"]),
        PortCase(
            label: "PORT from .env", dotEnv: "PORT=7000\n", ports: ["web.1=7000", "worker.1=7100", "clock.1=7200"]),
        PortCase(
            label: "-p wins over .env", basePort: 8000, dotEnv: "PORT=7000\n",
            ports: ["web.1=8000", "worker.1=8100", "clock.1=8200"]),
        PortCase(
            label: "a skipped service keeps its slot", formation: Formation(counts: ["worker": 0]),
            ports: ["web.1=5000", "clock.1=5200"]),
        PortCase(
            label: "all=2 with -p", formation: Formation(all: 2), basePort: 3000,
            ports: ["web.1=3000", "web.2=3001", "worker.1=3100", "worker.2=3101", "clock.1=3200", "clock.2=3201"]),
    ]

    @Test(arguments: portCases)
    func ports(_ example: PortCase) throws {
        let project = try Project(Self.threeServices)
        if let dotEnv = example.dotEnv { try project.write(".env", dotEnv) }
        let plan = try project.plan {
            $0.formation = example.formation
            $0.basePort = example.basePort
        }
        #expect(Self.ports(plan) == example.ports)
        for instance in plan.instances {
            #expect(instance.environment["PORT"] == instance.port.map(String.init))
            #expect(instance.environment.entries["PORT"]?.origin == .injected)
        }
    }

    @Test(arguments: ["abc", "0", "65536", "-1", "", "50 00", "5000.5"])
    func badPortInDotEnvNamesTheFileAndLine(value: String) throws {
        let project = try Project()
        let dotEnv = try project.write(".env", "# ports\nFOO=1\nPORT='\(value)'\n")
        let error = #expect(throws: ConfigError.self) { try project.plan() }
        #expect(
            error?.description
                == "\(dotEnv):3: PORT is \"\(value)\", which is not a port number; set it to a number such as 5000.")
    }

    @Test func badPortInAnEnvFileNamedWithDashE() throws {
        let project = try Project()
        let first = try project.write("first.env", "PORT=6000\n")
        let second = try project.write("second.env", "A=1\nB=2\nPORT=http\n")
        let error = #expect(throws: ConfigError.self) { try project.plan { $0.envFiles = [first, second] } }
        #expect(
            error?.description
                == "\(second):3: PORT is \"http\", which is not a port number; set it to a number such as 5000.")
    }

    @Test func badPortInDotEnvIsIgnoredWhenDashPIsGiven() throws {
        let project = try Project()
        try project.write(".env", "PORT=nope\n")
        let plan = try project.plan { $0.basePort = 9000 }
        #expect(Self.ports(plan) == ["web.1=9000", "worker.1=9100"])
    }

    @Test(arguments: [(Formation.default, 65_500), (Formation(counts: ["web": 2]), 65_535)])
    func portsBeyond65535AreRejected(formation: Formation, basePort: Int) throws {
        let project = try Project()
        let error = try #require(throws: ConfigError.self) {
            let plan = try project.plan {
                $0.formation = formation
                $0.basePort = basePort
            }
            Issue.record("planned ports \(Self.ports(plan))")
        }
        #expect(error.message.hasSuffix("above 65535; choose a lower first port with -p or PORT in .env"))
    }

    @Test func portInTheShellDoesNotMoveTheBase() throws {
        let project = try Project()
        let plan = try project.plan(shell: Self.shell.merging(["PORT": "1234"]) { $1 })
        #expect(Self.ports(plan) == ["web.1=5000", "worker.1=5100"])
        #expect(try Self.instance(plan, "web.1").environment["PORT"] == "5000")
        #expect(plan.environment["PORT"] == "1234")
    }

    // MARK: - Formation, names and per-instance variables

    @Test func formationCountsAndNames() throws {
        let project = try Project(Self.threeServices)
        let plan = try project.plan { $0.formation = Formation(counts: ["web": 2, "clock": 0], all: 3) }
        #expect(plan.instances.map(\.name) == ["web.1", "web.2", "worker.1", "worker.2", "worker.3"])
        #expect(plan.instances.map(\.displayName) == ["web.1", "web.2", "worker.1", "worker.2", "worker.3"])
        #expect(plan.instances.map(\.replicas) == [2, 2, 3, 3, 3])
        #expect(plan.instances.map(\.number) == [1, 2, 1, 2, 3])
        #expect(plan.serviceNames == ["web", "worker"])
    }

    @Test(arguments: [
        (Formation.default, ["web.1", "worker.1"], ["web", "worker"]),
        (Formation(counts: ["web": 2]), ["web.1", "web.2", "worker.1"], ["web.1", "web.2", "worker"]),
        (
            Formation(all: 3), ["web.1", "web.2", "web.3", "worker.1", "worker.2", "worker.3"],
            ["web.1", "web.2", "web.3", "worker.1", "worker.2", "worker.3"]
        ),
        (Formation(counts: ["worker": 0]), ["web.1"], ["web"]),
        (Formation(counts: ["web": 1], all: 0), ["web.1"], ["web"]),
    ])
    func displayNames(formation: Formation, names: [String], displayNames: [String]) throws {
        let project = try Project()
        let plan = try project.plan { $0.formation = formation }
        #expect(plan.instances.map(\.name) == names)
        #expect(plan.instances.map(\.displayName) == displayNames)
    }

    @Test func everyServiceAtZeroPlansNothing() throws {
        let project = try Project()
        let plan = try project.plan { $0.formation = Formation(all: 0) }
        #expect(plan.instances.isEmpty)
    }

    @Test func formationParsedFromTheFlag() throws {
        let project = try Project(Self.threeServices)
        let formation = try Formation.parse("web=2, worker=0")
        let plan = try project.plan { $0.formation = formation }
        #expect(plan.instances.map(\.name) == ["web.1", "web.2", "clock.1"])
    }

    @Test func musterVariables() throws {
        let project = try Project()
        let plan = try project.plan { $0.formation = Formation(counts: ["web": 2]) }
        let web2 = try Self.instance(plan, "web.2")
        #expect(web2.environment["PS"] == "web.2")
        #expect(web2.environment["MUSTER_SERVICE"] == "web")
        #expect(web2.environment["MUSTER_INSTANCE"] == "2")
        #expect(web2.environment["MUSTER_PROJECT"] == project.name)
        #expect(web2.environment["PORT"] == "5001")
        let worker = try Self.instance(plan, "worker.1")
        #expect(worker.environment["PS"] == "worker.1")
        #expect(worker.environment["MUSTER_INSTANCE"] == "1")
        #expect(plan.project == project.name)
        for key in ["PS", "MUSTER_SERVICE", "MUSTER_INSTANCE", "MUSTER_PROJECT", "PORT"] {
            #expect(web2.environment.entries[key]?.origin == .injected, "\(key)")
            // Per-instance values are not in the shared environment.
            #expect(plan.environment[key] == nil, "\(key)")
        }
    }

    // MARK: - Peer discovery variables

    @Test func peerVariablesGoToOtherServicesOnly() throws {
        let project = try Project("web: ./web\napi-gw: ./gw\nq_2: ./queue\n")
        let plan = try project.plan { $0.formation = Formation(counts: ["web": 2]) }
        let gateway = try Self.instance(plan, "api-gw.1")
        let expectedInGateway = [
            "WEB_HOST": "127.0.0.1", "WEB_PORT": "5000", "WEB_URL": "http://127.0.0.1:5000",
            "services__web__http__0": "http://127.0.0.1:5000", "services__web__http__1": "http://127.0.0.1:5001",
            "Q_2_HOST": "127.0.0.1", "Q_2_PORT": "5200", "Q_2_URL": "http://127.0.0.1:5200",
            "services__q_2__http__0": "http://127.0.0.1:5200",
        ]
        #expect(Self.discovery(gateway) == expectedInGateway)

        let expectedInWeb = [
            "API_GW_HOST": "127.0.0.1", "API_GW_PORT": "5100", "API_GW_URL": "http://127.0.0.1:5100",
            "services__api-gw__http__0": "http://127.0.0.1:5100",
            "Q_2_HOST": "127.0.0.1", "Q_2_PORT": "5200", "Q_2_URL": "http://127.0.0.1:5200",
            "services__q_2__http__0": "http://127.0.0.1:5200",
        ]
        #expect(Self.discovery(try Self.instance(plan, "web.1")) == expectedInWeb)
        #expect(Self.discovery(try Self.instance(plan, "web.2")) == expectedInWeb)
        for key in expectedInWeb.keys {
            #expect(try Self.instance(plan, "web.2").environment.entries[key]?.origin == .injected)
            #expect(plan.environment[key] == nil)
        }
    }

    @Test func peerVariablesOnlyForPlannedInstances() throws {
        let project = try Project(Self.threeServices)
        let plan = try project.plan { $0.formation = Formation(counts: ["clock": 0]) }
        let keys = Set(Self.discovery(try Self.instance(plan, "web.1")).keys)
        #expect(keys == ["WORKER_HOST", "WORKER_PORT", "WORKER_URL", "services__worker__http__0"])
    }

    /// The discovery variables of an instance: `*_HOST`, `*_PORT` (except PORT), `*_URL`, `services__*`.
    static func discovery(_ instance: InstancePlan) -> [String: String] {
        instance.environment.values.filter { key, _ in
            key.hasPrefix("services__") || key.hasSuffix("_HOST") || key.hasSuffix("_URL")
                || (key.hasSuffix("_PORT") && key != "PORT")
        }
    }

    // MARK: - Precedence and origins

    @Test func precedenceDotEnvThenShellThenInjected() throws {
        let project = try Project()
        let dotEnv = try project.write(
            ".env",
            "PORT=7000\nFOO=from-dotenv\nBAR=from-dotenv\nPYTHONUNBUFFERED=0\nPS=dotenv\nWORKER_PORT=1\n")
        let shell = Self.shell.merging(["FOO": "from-shell", "PORT": "9999", "MUSTER_SERVICE": "shell"]) { $1 }
        let plan = try project.plan(shell: shell)
        let web = try Self.instance(plan, "web.1")
        let expected: [String: Value] = [
            "PORT": Value(value: "7000", origin: .injected),
            "FOO": Value(value: "from-shell", origin: .shell),
            "BAR": Value(value: "from-dotenv", origin: .dotEnv(file: dotEnv)),
            "PYTHONUNBUFFERED": Value(value: "0", origin: .dotEnv(file: dotEnv)),
            "PS": Value(value: "web.1", origin: .injected),
            "MUSTER_SERVICE": Value(value: "web", origin: .injected),
            "WORKER_PORT": Value(value: "7100", origin: .injected),
            "HOME": Value(value: "/home/dev", origin: .shell),
        ]
        for (key, entry) in expected {
            #expect(Value(web.environment, key) == entry, "\(key)")
        }
        // The shared environment stops before the injected layer.
        #expect(Value(plan.environment, "PORT") == Value(value: "9999", origin: .shell))
        #expect(Value(plan.environment, "PS") == Value(value: "dotenv", origin: .dotEnv(file: dotEnv)))
        #expect(Value(plan.environment, "FOO") == Value(value: "from-shell", origin: .shell))
    }

    @Test func pythonUnbufferedDefault() throws {
        let project = try Project()
        let plain = try project.plan()
        #expect(Value(plain.environment, "PYTHONUNBUFFERED") == Value(value: "1", origin: .muster))
        #expect(try Self.instance(plain, "web.1").environment["PYTHONUNBUFFERED"] == "1")

        let fromShell = try project.plan(shell: ["PYTHONUNBUFFERED": ""])
        #expect(Value(fromShell.environment, "PYTHONUNBUFFERED") == Value(value: "", origin: .shell))
    }

    @Test func environmentIsExactlyTheLayers() throws {
        let project = try Project("web: ./web\n")
        let plan = try project.plan(shell: ["ONLY": "this"])
        let web = try Self.instance(plan, "web.1")
        #expect(
            web.environment.values == [
                "ONLY": "this", "PYTHONUNBUFFERED": "1", "PORT": "5000", "PS": "web.1", "MUSTER_SERVICE": "web",
                "MUSTER_INSTANCE": "1", "MUSTER_PROJECT": project.name,
            ])
    }

    @Test func dotEnvExpandsFromTheGivenShellEnvironment() throws {
        let project = try Project()
        try project.write(".env", "GREETING=hello $WHO\nLOCAL=${GREETING}!\n")
        let plan = try project.plan(shell: ["WHO": "world"])
        #expect(plan.environment["GREETING"] == "hello world")
        #expect(plan.environment["LOCAL"] == "hello world!")
    }

    // MARK: - -e files

    @Test func envFilesReplaceDotEnvAndLaterFilesWin() throws {
        let project = try Project()
        try project.write(".env", "A=implicit\nONLY_IMPLICIT=1\n")
        let one = try project.write("one.env", "A=one\nB=one\n")
        let two = try project.write("two.env", "B=two\nC=$A-two\n")
        let plan = try project.plan { $0.envFiles = [one, two] }
        #expect(Value(plan.environment, "A") == Value(value: "one", origin: .dotEnv(file: one)))
        #expect(Value(plan.environment, "B") == Value(value: "two", origin: .dotEnv(file: two)))
        #expect(Value(plan.environment, "C") == Value(value: "one-two", origin: .dotEnv(file: two)))
        #expect(plan.environment["ONLY_IMPLICIT"] == nil)
    }

    @Test func emptyEnvFileListLoadsNoDotEnv() throws {
        let project = try Project()
        try project.write(".env", "A=implicit\n")
        let plan = try project.plan { $0.envFiles = [] }
        #expect(plan.environment["A"] == nil)
    }

    @Test func implicitDotEnvIsLoadedFromTheProcfilesDirectory() throws {
        let project = try Project()
        let dotEnv = try project.write(".env", "A=implicit\n")
        let plan = try project.plan()
        #expect(Value(plan.environment, "A") == Value(value: "implicit", origin: .dotEnv(file: dotEnv)))
    }

    @Test func missingEnvFileIsAnError() throws {
        let project = try Project()
        let missing = "\(project.path)/missing.env"
        let error = #expect(throws: ConfigError.self) { try project.plan { $0.envFiles = [missing] } }
        #expect(
            error?.description == "\(missing): the file does not exist; create it or drop the -e flag that names it.")
    }

    @Test func missingImplicitDotEnvIsFine() throws {
        let project = try Project()
        let plan = try project.plan()
        #expect(plan.environment.values == ["PYTHONUNBUFFERED": "1"].merging(Self.shell) { $1 })
    }

    @Test(arguments: [
        (EnvironmentOrigin.muster, "muster default"), (.dotEnv(file: "/p/.env"), "/p/.env"), (.shell, "shell"),
        (.injected, "injected"), (.stack, "stack environment"), (.serviceEnvFile(file: "svc.env"), "svc.env"),
        (.service, "service environment"),
    ])
    func originDescriptions(origin: EnvironmentOrigin, text: String) {
        #expect(origin.description == text)
    }

    @Test func originsAreOrderedByPrecedence() {
        let ordered: [EnvironmentOrigin] = [
            .muster, .dotEnv(file: ".env"), .shell, .injected, .stack, .serviceEnvFile(file: "a.env"), .service,
        ]
        for (lower, higher) in zip(ordered, ordered.dropFirst()) {
            #expect(lower < higher)
            #expect(!(higher < lower))
        }
        #expect(ordered.shuffled().sorted() == ordered)
    }

    @Test func resolvedEnvironmentKeepsHigherLayers() {
        var environment = ResolvedEnvironment()
        environment.apply(["A": "injected"], origin: .injected)
        environment.apply(["A": "shell", "B": "shell"], origin: .shell)
        environment.apply(["B": "shell again"], origin: .shell)
        environment.apply(["C": "service"], origin: .service)
        environment.apply(["C": "stack"], origin: .stack)
        #expect(Value(environment, "A") == Value(value: "injected", origin: .injected))
        #expect(Value(environment, "B") == Value(value: "shell again", origin: .shell))
        #expect(environment["C"] == "service")
        #expect(environment.values == ["A": "injected", "B": "shell again", "C": "service"])
    }

    // MARK: - Selection and -m errors

    @Test func selectingAServiceRunsOnlyIt() throws {
        let project = try Project(Self.threeServices)
        let plan = try project.plan {
            $0.selected = ["clock", "web"]
            $0.formation = Formation(counts: ["web": 2])
        }
        #expect(Self.ports(plan) == ["web.1=5000", "web.2=5001", "clock.1=5200"])
        #expect(plan.serviceNames == ["web", "clock"])
    }

    @Test func unknownSelectedService() throws {
        let project = try Project(Self.threeServices)
        let error = #expect(throws: ConfigError.self) { try project.plan { $0.selected = ["web", "nope"] } }
        #expect(
            error?.description
                == "\(project.procfile): there is no service named \"nope\"; the services are web, worker, clock.")
    }

    @Test func formationNamingAnUnknownService() throws {
        let project = try Project()
        let error = #expect(throws: ConfigError.self) {
            try project.plan { $0.formation = Formation(counts: ["web": 2, "zeta": 1, "alpha": 1]) }
        }
        #expect(
            error?.description
                == "-m names \"alpha\", which is not a service of \(project.procfile); the services are web, worker.")
    }

    @Test func formationAllDoesNotNameAService() throws {
        let project = try Project()
        let formation = try Formation.parse("all=2")
        let plan = try project.plan { $0.formation = formation }
        #expect(plan.instances.count == 4)
    }

    // MARK: - Instance settings

    @Test(arguments: [(false, RestartPolicy.onFailure(maxRestarts: nil)), (true, .no)])
    func restartPolicy(abortOnExit: Bool, policy: RestartPolicy) throws {
        let project = try Project()
        let plan = try project.plan { $0.abortOnExit = abortOnExit }
        #expect(plan.instances.map(\.restart) == [policy, policy])
        #expect(plan.instances.allSatisfy { !$0.exitOnFailure })
    }

    @Test(arguments: [false, true])
    func abortOnExitIsAPropertyOfThePlan(abortOnExit: Bool) throws {
        let project = try Project()
        #expect(try project.plan { $0.abortOnExit = abortOnExit }.abortOnExit == abortOnExit)
    }

    @Test func servicesAreReadyOnceRunningAndRegistered() throws {
        let plan = try Project().plan()
        #expect(plan.instances.map(\.readiness) == [.running, .running])
        #expect(plan.instances.allSatisfy { $0.register && $0.dependencies.isEmpty && !$0.oneshot })
    }

    @Test func instanceSettings() throws {
        let project = try Project("web: bundle exec rails s -p $PORT | tee log\n")
        let plan = try project.plan { $0.stopGracePeriod = .seconds(3) }
        let web = try Self.instance(plan, "web.1")
        #expect(web.command == .shell("bundle exec rails s -p $PORT | tee log"))
        #expect(web.command.argv == ["/bin/sh", "-c", "bundle exec rails s -p $PORT | tee log"])
        #expect(web.stopSignal == .terminate)
        #expect(web.stopGracePeriod == .seconds(3))
        #expect(web.workingDirectory == project.path)
        #expect(try Self.instance(project.plan(), "web.1").stopGracePeriod == .seconds(10))
    }

    @Test func workingDirectoryIsTheProcfilesDirectory() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try FileManager.default.createDirectory(atPath: "\(root.path)/my-app", withIntermediateDirectories: false)
        let procfile = try root.write("my-app/Procfile", "web: ./web\n")
        try root.write("my-app/.env", "FROM_APP=1\n")
        try root.write(".env", "FROM_ROOT=1\n")
        let plan = try Self.plan(procfile: procfile)
        #expect(plan.project == "my-app")
        #expect(plan.directory == "\(root.path)/my-app")
        #expect(plan.file == procfile)
        #expect(try Self.instance(plan, "web.1").workingDirectory == "\(root.path)/my-app")
        #expect(try Self.instance(plan, "web.1").environment["MUSTER_PROJECT"] == "my-app")
        #expect(plan.environment["FROM_APP"] == "1")
        #expect(plan.environment["FROM_ROOT"] == nil)
    }

    @Test func relativeProcfilePathIsResolvedAgainstTheCurrentDirectory() throws {
        let project = try Project()
        try project.write(".env", "A=1\n")
        let cwd = FileManager.default.currentDirectoryPath
        let depth = URL(fileURLWithPath: cwd).standardizedFileURL.pathComponents.count - 1
        let relative = String(repeating: "../", count: depth) + String(project.procfile.dropFirst())
        let plan = try Self.plan(procfile: relative)
        #expect(plan.directory == project.path)
        #expect(plan.file == relative)
        #expect(plan.project == project.name)
        #expect(try Self.instance(plan, "web.1").workingDirectory == project.path)
        #expect(plan.environment["A"] == "1")
    }

    @Test func missingProcfile() throws {
        let project = try Project()
        let missing = "\(project.path)/Procfile.missing"
        let error = #expect(throws: ConfigError.self) {
            try Self.plan(procfile: missing)
        }
        #expect(error?.description == "\(missing): the file does not exist; create it or name another file with -f.")
    }

    // MARK: - StackLoader

    @Test func stackLoaderPlansAProcfile() throws {
        let project = try Project()
        try project.write(".env", "PORT=6000\n")
        var request = StackLoader.Request(file: project.procfile)
        request.environment = ["FROM_SHELL": "yes"]
        request.formation = Formation(counts: ["worker": 2])
        request.selected = ["worker"]
        let plan = try StackLoader.plan(request)
        #expect(Self.ports(plan) == ["worker.1=6100", "worker.2=6101"])
        #expect(plan.environment["FROM_SHELL"] == "yes")
        #expect(
            plan.instances.allSatisfy {
                $0.stopGracePeriod == .seconds(10) && $0.restart == .onFailure(maxRestarts: nil)
            })
    }

    @Test func stackLoaderPassesEveryFlag() throws {
        let project = try Project()
        let env = try project.write("ci.env", "X=ci\n")
        var request = StackLoader.Request(file: nil, envFiles: [env])
        request.environment = ["MUSTER_FILE": project.procfile]
        request.basePort = 4000
        request.abortOnExit = true
        request.stopGracePeriod = .seconds(2)
        let plan = try StackLoader.plan(request)
        #expect(plan.file == project.procfile)
        #expect(Self.ports(plan) == ["web.1=4000", "worker.1=4100"])
        #expect(Value(plan.environment, "X") == Value(value: "ci", origin: .dotEnv(file: env)))
        #expect(plan.environment["MUSTER_FILE"] == project.procfile)
        #expect(plan.instances.allSatisfy { $0.stopGracePeriod == .seconds(2) && $0.restart == .no })
    }

    @Test("-t overrides every stop_grace_period of a muster.yaml, as it does for a Procfile")
    func stopTimeoutOverridesStackFileGracePeriods() throws {
        let project = try Project()
        let file = try project.write(
            "muster.yaml",
            "services:\n  db:\n    command: ./db\n    stop_grace_period: 30s\n  web:\n    command: ./web\n")
        var request = StackLoader.Request(file: file)
        #expect(try StackLoader.plan(request).instances.map(\.stopGracePeriod) == [.seconds(30), .seconds(10)])
        request.stopGracePeriod = .seconds(1)
        #expect(try StackLoader.plan(request).instances.map(\.stopGracePeriod) == [.seconds(1), .seconds(1)])
    }

    @Test("A directory, a FIFO or a device given as the stack file is named for what it is")
    func stackFilesThatAreNotFiles() throws {
        let project = try Project()
        let fifo = project.path + "/pipe.yaml"
        try #require(mkfifo(fifo, 0o600) == 0)
        for (path, kind) in [(project.path, "a directory"), (fifo, "a named pipe (FIFO)"), ("/dev/null", "a device")] {
            let error = #expect(throws: ConfigError.self) { try StackLoader.plan(StackLoader.Request(file: path)) }
            #expect(error?.message == "this is \(kind), not a file; name the file itself", "\(path)")
        }
        // An env file of /dev/null still means an empty one.
        let plan = try StackLoader.plan(StackLoader.Request(file: project.procfile, envFiles: ["/dev/null"]))
        #expect(plan.instances.count == 2)
    }

    // MARK: - StackFileLocator

    @Test func explicitPathWinsOverEverything() throws {
        let project = try Project()
        try project.write("muster.yaml", "services:\n  web:\n    command: ./web\n")
        let other = try project.write("Procfile.dev", "web: ./dev\n")
        let elsewhere = try project.write("Procfile.other", "web: ./other\n")
        let location = try StackFileLocator.locate(
            explicit: other, environment: ["MUSTER_FILE": elsewhere], directory: project.path)
        #expect(location.path == other)
        #expect(location.kind == .procfile)
    }

    @Test func musterFileWinsOverTheDirectory() throws {
        let project = try Project()
        try project.write("muster.yaml", "services:\n  web:\n    command: ./web\n")
        let named = try project.write("Procfile.dev", "web: ./dev\n")
        let location = try StackFileLocator.locate(
            explicit: nil, environment: ["MUSTER_FILE": named], directory: project.path)
        #expect(location.path == named)
        #expect(location.kind == .procfile)
    }

    @Test func emptyMusterFileIsIgnored() throws {
        let project = try Project()
        let location = try StackFileLocator.locate(
            explicit: nil, environment: ["MUSTER_FILE": ""], directory: project.path)
        #expect(location.path == project.procfile)
        #expect(location.kind == .procfile)
    }

    @Test(arguments: [nil, "MUSTER_FILE"])
    func missingNamedFile(variable: String?) throws {
        let project = try Project()
        let missing = "\(project.path)/nope"
        let error = #expect(throws: ConfigError.self) {
            try StackFileLocator.locate(
                explicit: variable == nil ? missing : nil, environment: variable.map { [$0: missing] } ?? [:],
                directory: project.path)
        }
        #expect(
            error?.description == "\(missing): the file does not exist; check the path given with -f or MUSTER_FILE.")
    }

    /// Files present in the directory → the one found.
    @Test(arguments: [
        (["muster.yaml", "muster.yml", "Procfile"], "muster.yaml"),
        (["muster.yml", "Procfile"], "muster.yml"),
        (["muster.yaml", "Procfile"], "muster.yaml"),
        (["Procfile"], "Procfile"),
        (["Procfile", "Procfile.dev", "stack.yaml"], "Procfile"),
    ])
    func discoveryOrder(files: [String], found: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for file in files {
            try directory.write(file, file == "Procfile" ? "web: ./web\n" : "services:\n  web:\n    command: ./web\n")
        }
        let location = try StackFileLocator.locate(explicit: nil, environment: [:], directory: directory.path)
        #expect(location.path == "\(directory.path)/\(found)")
        #expect(location.kind == (found == "Procfile" ? .procfile : .stackFile))
    }

    @Test func nothingToFind() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Procfile.dev", "web: ./web\n")
        let error = #expect(throws: ConfigError.self) {
            try StackFileLocator.locate(explicit: nil, environment: [:], directory: directory.path)
        }
        #expect(
            error?.description
                == "there is no muster.yaml or Procfile in \(directory.path); create one or name it with -f FILE.")
    }

    /// An explicit file's name and content → its kind.
    @Test(arguments: [
        ("stack.yaml", "web: ./web\n", StackFileLocator.Kind.stackFile),
        ("stack.yml", "", .stackFile),
        ("Procfile.dev", "web: ./web\nworker: ./worker\n", .procfile),
        ("stack", "# a stack\nservices:\n  web:\n    command: ./web\n", .stackFile),
        ("Procfile.indented", "web: ./web\n  services: x\n", .procfile),
    ])
    func kindOfAnExplicitFile(name: String, contents: String, kind: StackFileLocator.Kind) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(name, contents)
        #expect(try StackFileLocator.locate(explicit: path, environment: [:], directory: directory.path).kind == kind)
    }

    @Test func servicesWhosePeerVariablesWouldCollideAreRejected() throws {
        let project = try Project("api-gw: ./a\napi_gw: ./b\n")
        let error = try #require(throws: ConfigError.self) { try project.plan { _ in } }
        #expect(
            error.description
                == "\(project.procfile):2: the services \"api-gw\" and \"api_gw\" would both be announced to the others as API_GW_URL; rename one."
        )
    }

    @Test func procfileWithAServiceNamedServicesIsAProcfile() throws {
        let project = try Project("services: ./services --port $PORT\nweb: ./web\n")
        let location = try StackFileLocator.locate(
            explicit: project.procfile, environment: [:], directory: project.path)
        #expect(location.kind == .procfile)
    }
}
