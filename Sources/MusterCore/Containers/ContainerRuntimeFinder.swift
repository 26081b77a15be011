/// Finds the container runtime to use: the one `MUSTER_CONTAINER_RUNTIME` (first) or
/// `container_runtime:` chooses, else the first of docker and podman that answers. A runtime
/// answers when its program is on PATH and its `info` succeeds (a docker client whose daemon is
/// not running does not).
struct ContainerRuntimeFinder: Sendable {
    /// The environment Muster runs the runtime with (PATH, `MUSTER_CONTAINER_RUNTIME`, `DOCKER_HOST` ...).
    var environment: [String: String]
    /// `container_runtime:` of the stack file.
    var fileChoice: ContainerRuntimeKind?
    /// The stack file, to name it in errors.
    var stackFile: String
    /// How long `info` may take.
    var timeout: Duration = ContainerSession.commandTimeout

    /// The runtime, or why there is none.
    func find() async -> Result<ContainerRuntime, ContainerError> {
        if let chosen = environment["MUSTER_CONTAINER_RUNTIME"], !chosen.isEmpty {
            guard let kind = ContainerRuntimeKind(rawValue: chosen.lowercased()) else {
                return .failure(.unknownRuntime(chosen))
            }
            return await answer(kind).mapError {
                .runtimeNotWorking(kind, chosenBy: "MUSTER_CONTAINER_RUNTIME", reason: $0.text)
            }
        }
        if let fileChoice {
            return await answer(fileChoice).mapError {
                .runtimeNotWorking(fileChoice, chosenBy: "container_runtime in \(stackFile)", reason: $0.text)
            }
        }
        var tried: [String] = []
        for kind in ContainerRuntimeKind.allCases {
            switch await answer(kind) {
            case .success(let runtime): return .success(runtime)
            case .failure(let reason): tried.append(reason.text)
            }
        }
        return .failure(.noRuntime(tried: tried))
    }

    /// Why a runtime does not answer, as a clause.
    struct Reason: Error {
        var text: String
    }

    /// The runtime `kind` when it answers.
    func answer(_ kind: ContainerRuntimeKind) async -> Result<ContainerRuntime, Reason> {
        let path: String
        do {
            path = try ServiceCommand.exec([kind.rawValue]).executablePath(environment: environment)
        } catch {
            return .failure(Reason(text: "\(kind) is not installed (not on PATH)"))
        }
        let runtime = ContainerRuntime(kind: kind, executablePath: path)
        let info = await CapturedCommand.run(runtime.infoArguments, environment: environment, timeout: timeout)
        guard info.succeeded else { return .failure(Reason(text: "`\(kind) info` failed: \(info.lastLine)")) }
        return .success(runtime)
    }
}
