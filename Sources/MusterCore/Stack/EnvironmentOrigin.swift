/// Where an environment variable's value came from, lowest precedence first (design §2.2).
package enum EnvironmentOrigin: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// A default Muster sets for children unless something else does (PYTHONUNBUFFERED).
    case muster
    /// A `.env` file (the implicit one or `-e`).
    case dotEnv(file: String)
    /// The environment of the shell that started Muster.
    case shell
    /// Injected by Muster: PORT, PS, MUSTER_*, peer addresses.
    case injected
    /// The stack file's top-level `env_file` or `environment`.
    case stack
    /// The service's `env_file`.
    case serviceEnvFile(file: String)
    /// The service's `environment`.
    case service

    /// How `config --explain` names the origin.
    package var description: String {
        switch self {
        case .muster: "muster default"
        case .dotEnv(let file): file
        case .shell: "shell"
        case .injected: "injected"
        case .stack: "stack environment"
        case .serviceEnvFile(let file): file
        case .service: "service environment"
        }
    }

    private var rank: Int {
        switch self {
        case .muster: 0
        case .dotEnv: 1
        case .shell: 2
        case .injected: 3
        case .stack: 4
        case .serviceEnvFile: 5
        case .service: 6
        }
    }

    /// Orders origins by precedence.
    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
