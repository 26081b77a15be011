import ArgumentParser
import MusterCore

/// `muster wait`: block until services of the running stack are started, ready or completed.
struct WaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait until services of the running stack are started, ready or completed.",
        discussion: """
            Exits 0 as soon as every instance of every SERVICE meets the condition: started (its \
            process has run), ready (its health check passed, its port accepts connections, or it \
            runs without either; a completed oneshot counts) or completed (a oneshot ended with \
            exit code 0). Exits 1 at once when that can never happen (failed, blocked, stopped), \
            when the stack stops, or when the timeout passes, saying what state each one is in. \
            SERVICE is a service, an instance (web.2) or a quoted glob ('web*').

            Examples:
              muster start -d && muster wait api worker && pytest e2e/
              muster wait db --for started
              muster wait migrate --for completed --timeout 2m
              muster wait 'api*' --timeout 500ms
            """)

    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("for"), help: ArgumentHelp("What to wait for.", valueName: "condition"))
    var condition: WaitCondition.Condition = .ready

    @Option(
        help: ArgumentHelp("How long to wait: 60s, 500ms, 2m, 1m30s or a number of seconds.", valueName: "duration"))
    var timeout: String = "60s"

    @Argument(help: "Services, instances (web.2) or quoted globs ('web*').")
    var services: [String]

    func validate() throws {
        guard DurationText.parse(timeout) != nil else {
            throw ValidationError("--timeout \(timeout) is not a duration; pass one such as 60s, 500ms, 2m or 30")
        }
    }

    func run() async throws {
        let limit = DurationText.parse(timeout) ?? .seconds(60)
        let connection = try await ControlConnection.connect(project)
        let client = connection.client
        var instances: [String: InstanceStatus]
        let watched: [String]
        let changes: ControlStream<StateChange>
        do {
            // Subscribe before reading the states, so no change falls between the two.
            changes = try await client.stateChanges()
            let status = try await client.status()
            var names: [String] = []
            instances = [:]
            for pattern in services {
                let matched = WaitCondition.instances(matching: pattern, in: status.instances)
                guard !matched.isEmpty else {
                    let known = status.instances.map(\.service).reduce(into: [String]()) {
                        if !$0.contains($1) { $0.append($1) }
                    }
                    throw ControlError(
                        status: 404,
                        message: "there is no service or instance named \(pattern) in \(status.project) "
                            + "(it has \(known.joined(separator: ", ")))")
                }
                for instance in matched where instances[instance.name] == nil {
                    names.append(instance.name)
                    instances[instance.name] = instance
                }
            }
            watched = names
        } catch {
            throw connection.fail(streamError: error)
        }
        let goal = services.joined(separator: ", ")
        let outcome = try await Self.watch(
            changes, instances: instances, order: watched, condition: condition, limit: limit)
        switch outcome {
        case .satisfied:
            return
        case .impossible(let sentence):
            printError("muster: \(sentence)")
        case .stackStopped(let sentence):
            printError("muster: the stack stopped before \(goal) \(verb); \(sentence)")
        case .timedOut(let sentence):
            printError("muster: \(goal) not \(condition.rawValue) after \(timeout): \(sentence)")
        case .failed(let error):
            throw connection.fail(streamError: error)
        }
        throw ExitCode(1)
    }

    private var verb: String {
        switch condition {
        case .started: "started"
        case .ready: "became ready"
        case .completed: "completed"
        }
    }

    /// How the wait ended.
    enum Outcome: Sendable {
        case satisfied
        case impossible(String)
        case stackStopped(String)
        case timedOut(String)
        case failed(any Error)
    }

    /// Applies state changes to `instances` until the verdict is final, the stream ends, or `limit` passes.
    private static func watch(
        _ changes: ControlStream<StateChange>, instances start: [String: InstanceStatus],
        order: [String], condition: WaitCondition.Condition, limit: Duration
    ) async throws -> Outcome {
        let first = WaitCondition.evaluate(instances: order.compactMap { start[$0] }, for: condition)
        switch first {
        case .satisfied: return .satisfied
        case .impossible(let sentence): return .impossible(sentence)
        case .waiting: break
        }
        let progress = WaitProgress(start, order: order)
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    for try await change in changes {
                        switch await progress.apply(change, condition) {
                        case .satisfied: return .satisfied
                        case .impossible(let sentence): return .impossible(sentence)
                        case .waiting: continue
                        }
                    }
                    try Task.checkCancellation()
                    return .stackStopped(await progress.summary(condition))
                } catch {
                    return .failed(error)
                }
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return .timedOut(await progress.summary(condition))
            }
            let outcome = try await group.next() ?? .failed(CancellationError())
            group.cancelAll()
            return outcome
        }
    }
}

/// The states `muster wait` has seen so far, shared by the watching task and the timer.
private actor WaitProgress {
    private var instances: [String: InstanceStatus]
    private let order: [String]

    init(_ instances: [String: InstanceStatus], order: [String]) {
        self.instances = instances
        self.order = order
    }

    /// Records a change of a watched instance and decides again.
    func apply(_ change: StateChange, _ condition: WaitCondition.Condition) -> WaitCondition.Verdict {
        if var instance = instances[change.instance] {
            instance.state = change.state
            instance.reason = change.reason
            instances[change.instance] = instance
        }
        return WaitCondition.evaluate(instances: order.compactMap { instances[$0] }, for: condition)
    }

    /// What the instances still waited for are doing.
    func summary(_ condition: WaitCondition.Condition) -> String {
        switch WaitCondition.evaluate(instances: order.compactMap { instances[$0] }, for: condition) {
        case .satisfied: "every one is \(condition.rawValue)"
        case .waiting(let sentence), .impossible(let sentence): sentence
        }
    }
}

extension WaitCondition.Condition: ExpressibleByArgument {}
