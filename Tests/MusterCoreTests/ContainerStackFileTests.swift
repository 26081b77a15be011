import Testing

@testable import MusterCore

/// The container keys of `muster.yaml`: what they become, and their errors.
@Suite struct ContainerStackFileTests {
    @Test("image, build, volumes, ports, entrypoint, working_dir and container_runtime are read")
    func containerKeys() throws {
        let stack = try parseStack(
            """
            container_runtime: docker
            services:
              db:
                image: postgres:16
                build: {context: ./db, dockerfile: Dockerfile.dev, args: {VERSION: "16"}, target: dev}
                volumes:
                  - ./data:/var/lib/postgresql/data
                  - ../shared:/shared:ro
                  - ~/cache:/cache
                  - named:/named
                  - /anonymous
                  - {type: bind, source: ./conf, target: /etc/conf, read_only: true}
                ports: ["5432:5432", 8080, "127.0.0.1:9000:9000/udp", {target: 80, published: 8081}]
                entrypoint: docker-entrypoint.sh "--flag value"
                working_dir: /srv
                command: postgres -c 'fsync=off'
            """, environment: ["HOME": "/home/dev"])
        #expect(stack.containerRuntime == .docker)
        let service = stack.services[0]
        let container = try #require(service.container)
        #expect(container.image == "postgres:16")
        var build = ContainerDefinition.Build(context: "/project/db", dockerfile: "Dockerfile.dev")
        build.arguments = ["VERSION": "16"]
        build.target = "dev"
        #expect(container.build == build)
        #expect(
            container.volumes == [
                "/project/data:/var/lib/postgresql/data", "/shared:/shared:ro", "/home/dev/cache:/cache",
                "named:/named", "/anonymous", "/project/conf:/etc/conf:ro",
            ])
        #expect(container.ports == ["5432:5432", "8080", "127.0.0.1:9000:9000/udp", "8081:80"])
        #expect(container.entrypoint == ["docker-entrypoint.sh", "--flag value"])
        #expect(container.workingDirectory == "/srv")
        #expect(service.workingDirectory == nil, "the runtime CLI runs in the stack's directory")
        #expect(service.command == .exec(["postgres", "-c", "fsync=off"]), "a string command is split, not run by sh")
    }

    @Test("A service with only build: is a container whose image is named after the project and service")
    func buildOnly() throws {
        let stack = try parseStack("name: Shop_1\nservices:\n  Web_App: {build: ./web}\n")
        let plan = try StackPlanner.plan(stack, options: .init(shellEnvironment: [:]))
        let container = try #require(plan.instances[0].container)
        #expect(container.image == "muster-shop-1-web-app")
        #expect(container.name == "muster-Shop_1-Web_App-1")
        #expect(container.build == ContainerDefinition.Build(context: "/project/web"))
        #expect(plan.instances[0].command == .exec([]), "the image's own command")
    }

    @Test("Every instance of a container service gets its own container name; processes get none")
    func instanceNames() throws {
        let stack = try parseStack(
            "name: shop\nservices:\n  box: {image: busybox, replicas: 2}\n  web: {command: ./web}\n")
        let plan = try StackPlanner.plan(stack, options: .init(shellEnvironment: [:]))
        #expect(plan.instances.map { $0.container?.name } == ["muster-shop-box-1", "muster-shop-box-2", nil])
        #expect(plan.instances[0].container?.project == "shop")
    }

    static let invalid: [(String, String)] = [
        (
            "services:\n  web: {command: ./web, init: true}\n",
            "muster.yaml:2:25: `init` applies to container services only; add `image:` (or `build:`) to `web` or remove `init`."
        ),
        (
            "services:\n  box: {image: busybox, init: sometimes}\n",
            "muster.yaml:2:31: `init` must be true or false, not \"sometimes\"."
        ),
        (
            "services:\n  web: {command: ./web, volumes: [./a:/a]}\n",
            "muster.yaml:2:25: `volumes` applies to container services only; add `image:` (or `build:`) to `web` or remove `volumes`."
        ),
        (
            "services:\n  db: {image: pg, volumes: [./data]}\n",
            "muster.yaml:2:29: the volume \"./data\" is not SOURCE:TARGET[:MODE]; write it as ./data:/data, name:/data or /data."
        ),
        (
            "services:\n  db: {image: pg, volumes: [\"./data:data\"]}\n",
            "muster.yaml:2:29: the volume \"./data:data\" must mount at a path inside the container that starts with /, such as ./data:/data."
        ),
        (
            "services:\n  db: {image: pg, volumes: [\"a b:/x\"]}\n",
            "muster.yaml:2:29: the volume source \"a b\" is neither a path nor a volume name; start a host path with ./ or /."
        ),
        (
            "services:\n  db: {image: pg, ports: [\"80:http\"]}\n",
            "muster.yaml:2:27: the port \"80:http\" is not a port mapping; write it as \"8080:80\", \"127.0.0.1:8080:80\" or \"80\"."
        ),
        (
            "services:\n  db: {image: pg, ports: [\"70000\"]}\n",
            "muster.yaml:2:27: the port \"70000\" is not a port mapping; write it as \"8080:80\", \"127.0.0.1:8080:80\" or \"80\"."
        ),
        (
            "services:\n  db: {image: pg, working_dir: ./srv}\n",
            "muster.yaml:2:32: the `working_dir` of a container is a directory inside it and must start with /, not \"./srv\"."
        ),
        (
            "services:\n  db: {image: pg, command: \"echo 'unclosed\"}\n",
            "muster.yaml:2:28: `command` has a quote that is not closed; close it or write the command as a list."
        ),
        (
            "services:\n  db: {build: {context: ., file: x}}\n",
            "muster.yaml:2:28: unknown key `file` in `build`; remove it, or rename it to `x-file` to keep it as an extension."
        ),
    ]

    @Test("Container mistakes are errors with file, line, column and what to do", arguments: invalid)
    func errors(yaml: String, message: String) {
        #expect(throws: ConfigError.self) { try parseStack(yaml) }
        do {
            _ = try parseStack(yaml)
        } catch {
            #expect(error.description == message)
        }
    }
}
