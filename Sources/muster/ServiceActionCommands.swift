import ArgumentParser
import MusterCore

/// `muster restart`: restart services of the running stack.
struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart services of the running stack (the rest keeps running).",
        discussion: """
            Each SERVICE is a service (every instance), an instance (web.2) or a glob in quotes \
            ('web*'). Prints one line per instance; exits 1 when a name matches nothing.

            Examples:
              muster restart worker
              muster restart web.2
              muster restart 'api*' worker
            """)

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Services, instances (web.2) or quoted globs ('web*').")
    var services: [String]

    func run() async throws {
        try await ServiceAction.restart.perform(on: services, project: project)
    }
}

/// `muster stop`: stop services of the running stack without restarting them.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop services of the running stack; they stay stopped until muster start-service.",
        discussion: """
            Each SERVICE is a service (every instance), an instance (web.2) or a glob in quotes \
            ('web*'). Stopping sends the service's stop signal, then SIGKILL after its grace period. \
            To stop the whole stack, use muster down.

            Examples:
              muster stop worker
              muster stop web.2
              muster stop 'worker*'
            """)

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Services, instances (web.2) or quoted globs ('web*').")
    var services: [String]

    func run() async throws {
        try await ServiceAction.stop.perform(on: services, project: project)
    }
}

/// `muster start-service` (alias `kick`): start services of the running stack that are not running.
struct StartServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start-service",
        abstract: "Start services of the running stack that are stopped, failed or completed.",
        discussion: """
            Each SERVICE is a service (every instance), an instance (web.2) or a glob in quotes \
            ('web*'). Instances that are already running are left alone. To start a whole stack, \
            use muster start.

            Examples:
              muster start-service worker
              muster kick worker
              muster start-service web.2 'api*'
            """,
        aliases: ["kick"])

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Services, instances (web.2) or quoted globs ('web*').")
    var services: [String]

    func run() async throws {
        try await ServiceAction.start.perform(on: services, project: project)
    }
}

/// The request the three commands above send, one per argument.
enum ServiceAction {
    case restart
    case stop
    case start

    /// Sends one request per pattern, prints `web.1: restarting` per affected instance, and
    /// exits 1 after the last one when any pattern failed (the server's sentence is printed).
    func perform(on patterns: [String], project: ProjectOptions) async throws {
        let connection = try await ControlConnection.connect(project)
        var failed = false
        for pattern in patterns {
            do {
                for instance in try await send(pattern, to: connection.client) {
                    print("\(instance.name): \(verb)")
                }
            } catch {
                _ = connection.fail(error)
                if error.status == 503 { throw ExitCode(1) }
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    private var verb: String {
        switch self {
        case .restart: "restarting"
        case .stop: "stopping"
        case .start: "starting"
        }
    }

    private func send(_ pattern: String, to client: ControlClient) async throws(ControlError) -> [InstanceStatus] {
        switch self {
        case .restart: try await client.restart(pattern)
        case .stop: try await client.stop(pattern)
        case .start: try await client.start(pattern)
        }
    }
}
