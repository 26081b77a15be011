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

/// `muster test`: run an end-to-end test command against a freshly started, ready stack.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Start the stack, wait until it is ready, run a test command against it, then stop it.",
        discussion: """
            The command gets the stack's environment: .env, every service's address ($API_URL, \
            services__api__http__0 ...) and MUSTER_API. The stack's output goes to \
            .muster/logs/ (and to the terminal with --attach). Muster exits with the command's \
            exit code, or 1 when the stack never becomes ready (it says which service and why, \
            with its last 20 lines).

            Examples:
              muster test -- pytest e2e/
              muster test --only api --timeout 60s -- sh -c 'curl -sf "$API_URL/health"'
              muster test -f Procfile -p 7000 -m worker=2 -- ./check.sh
              muster test --attach -- ./run-e2e.sh
            """)

    @OptionGroup var files: FileOptions

    @OptionGroup var scale: ScaleOptions

    @Option(help: "How long the stack may take to become ready (e.g. 120s, 2m).")
    var timeout: String = "120s"

    @Option(
        name: .customLong("only"), parsing: .upToNextOption,
        help: "Start only these services (and what they depend on).")
    var only: [String] = []

    @Option(name: .customLong("profile"), help: "Also start the services of this profile (repeatable).")
    var profiles: [String] = []

    @Flag(help: "Also print the stack's output on the terminal.")
    var attach = false

    @Argument(parsing: .postTerminator, help: "The test command and its arguments, after --.")
    var command: [String] = []

    func run() async throws {
        guard !command.isEmpty else {
            throw ValidationError("Give the test command after --, e.g. muster test -- pytest e2e/")
        }
        guard let deadline = DurationText.parse(timeout) else {
            throw ValidationError("--timeout \(timeout) is not a duration; use a form such as 90s, 2m or 500ms")
        }
        var request = files.request
        request.selected = only
        request.profiles = profiles
        let plan: StackPlan
        do {
            try scale.apply(to: &request)
            plan = try StackLoader.plan(request)
        } catch {
            throw failWithConfigError(error)
        }
        let nullOutput = open("/dev/null", O_WRONLY | O_CLOEXEC)
        var runner = StackRunner(
            plan: plan,
            logOptions: LogOptions(
                useColor: attach
                    && LogOptions.colorEnabled(
                        noColorFlag: false, outputIsTTY: isatty(1) == 1,
                        environment: ProcessInfo.processInfo.environment),
                logDirectory: "\(plan.directory)/.muster/logs"))
        runner.outputFD = attach ? 1 : nullOutput
        runner.mode = .test(command: command, timeout: deadline)
        let code = try await runner.run()
        throw ExitCode(code)
    }
}
