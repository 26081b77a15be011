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

/// What a service runs: a shell line (`/bin/sh -c`) or an argv executed directly.
public enum ServiceCommand: Sendable, Hashable, CustomStringConvertible {
    /// Run with `/bin/sh -c`, so `$PORT`, pipes and redirections work.
    case shell(String)
    /// Run directly; the first element is looked up on PATH.
    case exec([String])

    /// The full argv the child receives.
    public var argv: [String] {
        switch self {
        case .shell(let line): ["/bin/sh", "-c", line]
        case .exec(let arguments): arguments
        }
    }

    /// The program a user would recognise in an error message.
    public var program: String {
        switch self {
        case .shell(let line): line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? line
        case .exec(let arguments): arguments.first ?? ""
        }
    }

    /// The command as a user wrote it.
    public var description: String {
        switch self {
        case .shell(let line): line
        case .exec(let arguments): arguments.joined(separator: " ")
        }
    }

    /// The absolute path to execute, looking a bare name up in `environment`'s PATH.
    public func executablePath(environment: [String: String]) throws(SpawnError) -> String {
        let name = argv.first ?? ""
        if name.contains("/") { return name }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw SpawnError(program: name, workingDirectory: nil, errorNumber: ENOENT)
    }
}
