/// Why a container service could not start; `description` is one sentence saying what to do, read
/// after the service's name (`db could not start: ...`).
enum ContainerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No runtime was chosen and none answers: each candidate with why it did not.
    case noRuntime(tried: [String])
    /// The chosen runtime (by `how`) is missing or does not answer.
    case runtimeNotWorking(ContainerRuntimeKind, chosenBy: String, reason: String)
    /// `MUSTER_CONTAINER_RUNTIME` names something else than docker or podman.
    case unknownRuntime(String)
    /// The image is not on this machine and pulling it failed.
    case imageUnavailable(image: String, reason: String)
    /// Building the image failed.
    case buildFailed(image: String, status: ExitStatus)
    /// The stack is stopping: the image was not prepared.
    case stopping
    /// The Muster running for another directory, under the same project name, runs a container
    /// with this instance's name.
    case nameTaken(container: String, ownerDirectory: String, project: String)

    /// One sentence after the service's name.
    var description: String {
        switch self {
        case .noRuntime(let tried):
            return "could not start: no container runtime answers (\(tried.joined(separator: "; "))); install podman "
                + "or docker and check that `podman info` or `docker info` works, or choose one with "
                + "MUSTER_CONTAINER_RUNTIME"
        case .runtimeNotWorking(let kind, let chosenBy, let reason):
            return "could not start: \(chosenBy) chooses \(kind), but \(reason); install or start \(kind), or "
                + "choose the other runtime with MUSTER_CONTAINER_RUNTIME"
        case .unknownRuntime(let value):
            return "could not start: MUSTER_CONTAINER_RUNTIME is \"\(value)\"; set it to docker or podman"
        case .imageUnavailable(let image, let reason):
            return "could not start: the image \(image) is not on this machine and could not be pulled (\(reason)); "
                + "check its name, build it with `build:`, or log in to its registry"
        case .buildFailed(let image, let status):
            return "could not start: building the image \(image) \(status) (its output is above); fix the "
                + "Dockerfile or the build context, then start the service again"
        case .stopping:
            return "was not started: the stack is stopping"
        case .nameTaken(let container, let owner, let project):
            return "could not start: the container name \(container) is taken by the muster running for \(owner), "
                + "whose project is also named \(project); stop that stack with `muster down` there, or give "
                + "this one another `name:` in its stack file"
        }
    }
}
