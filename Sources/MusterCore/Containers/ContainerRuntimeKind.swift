/// A container runtime's command-line interface Muster can drive (design §7).
package enum ContainerRuntimeKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The `docker` CLI (Docker Engine, Docker Desktop, or anything answering like them).
    case docker
    /// The `podman` CLI.
    case podman

    /// The name of its program, which is also how `container_runtime:` names it.
    package var description: String { rawValue }
}
