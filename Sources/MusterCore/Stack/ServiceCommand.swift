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
package enum ServiceCommand: Sendable, Hashable, CustomStringConvertible {
    /// Run with `/bin/sh -c`, so `$PORT`, pipes and redirections work.
    case shell(String)
    /// Run directly; the first element is looked up on PATH.
    case exec([String])

    /// The command with `$NAME` and `${NAME}` in a list command's arguments replaced from
    /// `environment` (unset: empty), as a shell would for a string command; `$$` is a literal `$`.
    package func expanded(with environment: [String: String]) -> ServiceCommand {
        guard case .exec(let arguments) = self else { return self }
        return .exec(arguments.map { Self.expand($0, environment) })
    }

    private static func expand(_ text: String, _ environment: [String: String]) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" {
                result += "$"
                rest = rest.dropFirst()
            } else if rest.first == "{", let close = rest.firstIndex(of: "}") {
                result += braced(rest[rest.index(after: rest.startIndex)..<close], environment)
                rest = rest[rest.index(after: close)...]
            } else {
                let name = rest.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
                result += name.isEmpty ? "$" : environment[String(name)] ?? ""
                rest = rest.dropFirst(name.count)
            }
        }
        return result + rest
    }

    /// `NAME`, `NAME:-default` (unset or empty) or `NAME-default` (unset), as in a shell.
    private static func braced(_ inner: Substring, _ environment: [String: String]) -> String {
        if let range = inner.range(of: ":-") {
            let value = environment[String(inner[..<range.lowerBound])] ?? ""
            return value.isEmpty ? String(inner[range.upperBound...]) : value
        }
        if let dash = inner.firstIndex(of: "-") {
            return environment[String(inner[..<dash])] ?? String(inner[inner.index(after: dash)...])
        }
        return environment[String(inner)] ?? ""
    }

    /// The full argv the child receives.
    package var argv: [String] {
        switch self {
        case .shell(let line): ["/bin/sh", "-c", line]
        case .exec(let arguments): arguments
        }
    }

    /// The program a user would recognise in an error message.
    package var program: String {
        switch self {
        case .shell(let line): line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? line
        case .exec(let arguments): arguments.first ?? ""
        }
    }

    /// The command as a user wrote it.
    package var description: String {
        switch self {
        case .shell(let line): line
        case .exec(let arguments): arguments.joined(separator: " ")
        }
    }

    /// The absolute path to execute, looking a bare name up in `environment`'s PATH.
    package func executablePath(environment: [String: String]) throws(SpawnError) -> String {
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
