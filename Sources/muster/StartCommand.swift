import ArgumentParser
import MusterApp
import MusterCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `muster start` (alias `up`): run the stack in the foreground.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start every service (or the ones named) and print their output.",
        discussion: """
            Runs until every service has ended or you press Ctrl-C (a second Ctrl-C kills at \
            once). Crashed services are restarted after 100ms, 200ms, 400ms ... up to 30s.

            Examples:
              muster start
              muster start web worker
              muster start -m web=2,worker=3 -p 8000
              muster start -f Procfile.dev -e .env -e .env.local --no-timestamps
              muster up --abort-on-exit
              muster start -d              in the background; then muster status, muster logs -f, muster down
            """,
        aliases: ["up"])

    @OptionGroup var files: FileOptions

    @OptionGroup var scale: ScaleOptions

    @Option(
        name: [.customShort("t"), .customLong("timeout")],
        help: """
            Seconds every service gets to stop after its stop signal before SIGKILL; overrides each \
            service's stop_grace_period (default: 10, or the stack file's).
            """)
    var stopTimeout: Double?

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @Flag(name: .customLong("no-broker"), help: "Do not run the embedded NSQ-compatible broker.")
    var noBroker = false

    @Flag(name: .customLong("no-registry"), help: "Do not run the embedded Consul-compatible registry.")
    var noRegistry = false

    @Flag(name: .customLong("no-timestamps"), help: "Leave the time out of each line.")
    var noTimestamps = false

    @Flag(name: [.customShort("d"), .customLong("detach")], help: "Run in the background; stop with `muster down`.")
    var detach = false

    @Flag(
        name: .customLong("abort-on-exit"),
        help: "Stop everything when any service exits, with its exit code; no restarts.")
    var abortOnExit = false

    @Option(name: .customLong("profile"), help: "Also start the services of this profile (repeatable).")
    var profiles: [String] = []

    @Argument(help: "Services to start (default: all).")
    var services: [String] = []

    func run() async throws {
        let plan: StackPlan
        do {
            plan = try StackLoader.plan(request())
        } catch {
            throw failWithConfigError(error)
        }
        if detach {
            let arguments = CommandLine.arguments.dropFirst().filter { $0 != "-d" && $0 != "--detach" }
            throw ExitCode(try await DetachedStart.run(arguments: Array(arguments) + ["--no-color"], plan: plan))
        }
        let output = LogOptions(
            useColor: LogOptions.colorEnabled(
                noColorFlag: noColor, outputIsTTY: isatty(1) == 1,
                environment: ProcessInfo.processInfo.environment),
            showTimestamps: !noTimestamps,
            logDirectory: "\(plan.directory)/.muster/logs")
        let code = try await StackRunner(plan: plan, logOptions: output).run()
        throw ExitCode(code)
    }

    private func request() throws(ConfigError) -> StackLoader.Request {
        var request = files.request
        try scale.apply(to: &request)
        if let stopTimeout {
            guard stopTimeout >= 0, stopTimeout.isFinite else {
                throw ConfigError(
                    file: nil, line: nil,
                    message: "-t \(stopTimeout) is not a number of seconds; pass one such as 5 or 0.5")
            }
            request.stopGracePeriod = .milliseconds(Int64(stopTimeout * 1000))
        }
        request.selected = services
        request.profiles = profiles
        request.noBroker = noBroker
        request.noRegistry = noRegistry
        request.abortOnExit = abortOnExit
        return request
    }
}
