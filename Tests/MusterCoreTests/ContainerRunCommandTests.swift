import Testing

@testable import MusterCore

/// The argv Muster hands the runtime CLI, built without running anything.
@Suite struct ContainerRunCommandTests {
    static let podman = ContainerRuntime(kind: .podman, executablePath: "/usr/bin/podman")

    /// An instance of `box` in project `shop` with `settings`, a port and a layered environment.
    static func instance(
        _ command: ServiceCommand = .exec([]), configure: (inout ContainerDefinition) -> Void = { _ in }
    ) -> InstancePlan {
        var settings = ContainerDefinition(image: "busybox:1.36")
        configure(&settings)
        var environment = ResolvedEnvironment()
        environment.apply(["PATH": "/host/bin", "SECRET_IN_SHELL": "x", "SHARED": "shell"], origin: .shell)
        environment.apply(["PYTHONUNBUFFERED": "1"], origin: .muster)
        environment.apply(["PORT": "8080", "NSQD_TCP_ADDRESS": "127.0.0.1:4150"], origin: .injected)
        environment.apply(["MODE": "fast"], origin: .service)
        var plan = InstancePlan(
            service: "box", number: 2, replicas: 2, command: command, workingDirectory: "/project", port: 8080,
            environment: environment, restart: .onFailure(maxRestarts: nil), stopSignal: .interrupt,
            stopGracePeriod: .milliseconds(2500), exitOnFailure: false)
        var container = ContainerPlan(service: "box", number: 2, project: "shop", settings: settings)
        container.dotEnvKeys = ["SHARED"]
        container.projectDirectory = "/project"
        plan.container = container
        return plan
    }

    static func arguments(_ instance: InstancePlan, _ networking: ContainerNetworking = .host) -> [String] {
        guard let container = instance.container else {
            Issue.record("\(instance.name) has no container settings")
            return []
        }
        return ContainerRunCommand(instance: instance, container: container, runtime: podman, networking: networking)
            .arguments
    }

    @Test("Host networking: name, labels, stop settings, variables by name only, the image's own command")
    func hostNetworking() {
        #expect(
            Self.arguments(Self.instance()) == [
                "/usr/bin/podman", "run", "--rm", "--name", "muster-shop-box-2", "--pull=never",
                "--label", "io.muster.project=shop", "--label", "io.muster.service=box",
                "--label", "io.muster.instance=2", "--label", "io.muster.directory=/project",
                "--stop-signal", "SIGINT", "--stop-timeout", "3",
                "--network", "host",
                "--env", "MODE", "--env", "NSQD_TCP_ADDRESS", "--env", "PORT", "--env", "PYTHONUNBUFFERED",
                "--env", "SHARED", "busybox:1.36",
            ])
    }

    @Test("Published networking: ports published, loopback addresses point at the host")
    func publishedNetworking() {
        let arguments = Self.arguments(Self.instance { $0.ports = ["9000:90/udp"] }, .published)
        #expect(!arguments.contains("--network"))
        #expect(arguments.contains(["--publish", "127.0.0.1:8080:8080"]))
        #expect(arguments.contains(["--publish", "9000:90/udp"]))
        #expect(arguments.contains(["--add-host", "host.docker.internal:host-gateway"]))
        #expect(arguments.contains(["--env", "NSQD_TCP_ADDRESS=host.docker.internal:4150"]))
        #expect(arguments.contains(["--env", "MODE"]))
    }

    @Test("Volumes, working_dir, tty, entrypoint words, and $NAME filled in only for the container's own variables")
    func commandAndSettings() {
        var instance = Self.instance(.exec(["-c", "echo $MODE on ${PORT} in $HOME $(pwd) $$"])) {
            $0.volumes = ["/project/data:/data:ro"]
            $0.workingDirectory = "/data"
            $0.entrypoint = ["/bin/sh", "-e"]
        }
        instance.tty = true
        let arguments = Self.arguments(instance)
        let image = arguments.firstIndex(of: "busybox:1.36")!
        #expect(Array(arguments[(image + 1)...]) == ["-e", "-c", "echo fast on 8080 in $HOME $(pwd) $$"])
        #expect(arguments.contains(["--volume", "/project/data:/data:ro"]))
        #expect(arguments.contains(["--workdir", "/data"]))
        #expect(arguments.contains("--tty"))
        #expect(arguments.contains(["--entrypoint", "/bin/sh"]))
    }

    @Test("init: true runs the runtime's init (--init) before the image; without it there is none")
    func initFlag() {
        #expect(!Self.arguments(Self.instance(.exec(["run"]))).contains("--init"))
        let arguments = Self.arguments(Self.instance(.exec(["run"])) { $0.runsInit = true })
        let flag = arguments.firstIndex(of: "--init")
        let image = arguments.firstIndex(of: "busybox:1.36")
        #expect(flag != nil && image != nil && (flag ?? 0) < (image ?? 0))
    }

    @Test("An empty entrypoint clears the image's")
    func emptyEntrypoint() {
        let arguments = Self.arguments(Self.instance(.exec(["run"])) { $0.entrypoint = [] })
        #expect(arguments.contains(["--entrypoint", ""]))
        #expect(arguments.suffix(2) == ["busybox:1.36", "run"])
    }

    @Test("The other runtime commands: remove, list, inspect, pull, build and exec")
    func otherCommands() {
        let docker = ContainerRuntime(kind: .docker, executablePath: "/usr/bin/docker")
        #expect(Self.podman.removeArguments(["a"]) == ["/usr/bin/podman", "rm", "--force", "--time", "0", "a"])
        #expect(docker.removeArguments(["a", "b"]) == ["/usr/bin/docker", "rm", "--force", "a", "b"])
        #expect(
            docker.listArguments(project: "my shop") == [
                "/usr/bin/docker", "ps", "--all", "--filter", "label=io.muster.project=my-shop", "--format",
                "{{.Names}}",
            ])
        #expect(
            docker.directoryLabelArguments("a") == [
                "/usr/bin/docker", "inspect", "--format", #"{{index .Config.Labels "io.muster.directory"}}"#, "a",
            ])
        var build = ContainerDefinition.Build(context: "/project/web", dockerfile: "docker/Dockerfile")
        build.arguments = ["B": "2", "A": "1"]
        build.target = "dev"
        #expect(
            docker.buildArguments(build, image: "muster-shop-web") == [
                "/usr/bin/docker", "build", "--tag", "muster-shop-web", "--file", "/project/web/docker/Dockerfile",
                "--build-arg", "A=1", "--build-arg", "B=2", "--target", "dev", "/project/web",
            ])
        #expect(
            Self.podman.execShellLine(container: "muster-shop-box-1", command: "test -f '/tmp/ok'")
                == #"/usr/bin/podman exec muster-shop-box-1 /bin/sh -c "test -f '/tmp/ok'""#)
    }

    @Test("Container words: quotes and backslashes as a POSIX shell reads them")
    func words() {
        #expect(ContainerWords.split(#"a "b c" 'd e' f\ g "h\"i" ''"#) == ["a", "b c", "d e", "f g", "h\"i", ""])
        #expect(ContainerWords.split("  ") == [])
        #expect(ContainerWords.split("'open") == nil)
        #expect(ContainerWords.split(#""open"#) == nil)
    }
}

extension Array where Element == String {
    /// Whether `sequence` occurs in the array as consecutive elements.
    fileprivate func contains(_ sequence: [String]) -> Bool {
        guard sequence.count <= count else { return false }
        return (0...(count - sequence.count)).contains { Array(self[$0..<($0 + sequence.count)]) == sequence }
    }
}
