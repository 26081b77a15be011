#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A POSIX signal, by number, with its conventional name.
package struct ProcessSignal: Sendable, Hashable, CustomStringConvertible {
    /// The signal number.
    package var rawValue: Int32

    /// Wraps a signal number.
    package init(rawValue: Int32) { self.rawValue = rawValue }

    /// Looks a signal up by name: `SIGTERM`, `TERM` or `term`; nil when unknown.
    package init?(name: String) {
        var key = name.uppercased()
        if !key.hasPrefix("SIG") { key = "SIG" + key }
        guard let found = Self.table.first(where: { $0.name == key }) else { return nil }
        self.rawValue = found.number
    }

    /// SIGTERM.
    package static let terminate = ProcessSignal(rawValue: SIGTERM)
    /// SIGKILL.
    package static let kill = ProcessSignal(rawValue: SIGKILL)
    /// SIGINT.
    package static let interrupt = ProcessSignal(rawValue: SIGINT)
    /// SIGHUP.
    package static let hangUp = ProcessSignal(rawValue: SIGHUP)

    /// The conventional name, such as `SIGTERM`, or `signal 42` for one without a name.
    package var name: String {
        Self.table.first(where: { $0.number == rawValue })?.name ?? "signal \(rawValue)"
    }

    /// Same as `name`.
    package var description: String { name }

    /// The names every stop_signal may use.
    package static var knownNames: [String] { table.map(\.name) }

    private static let table: [(name: String, number: Int32)] = [
        ("SIGHUP", SIGHUP), ("SIGINT", SIGINT), ("SIGQUIT", SIGQUIT), ("SIGILL", SIGILL),
        ("SIGTRAP", SIGTRAP), ("SIGABRT", SIGABRT), ("SIGBUS", SIGBUS), ("SIGFPE", SIGFPE),
        ("SIGKILL", SIGKILL), ("SIGUSR1", SIGUSR1), ("SIGSEGV", SIGSEGV), ("SIGUSR2", SIGUSR2),
        ("SIGPIPE", SIGPIPE), ("SIGALRM", SIGALRM), ("SIGTERM", SIGTERM), ("SIGCHLD", SIGCHLD),
        ("SIGCONT", SIGCONT), ("SIGSTOP", SIGSTOP), ("SIGTSTP", SIGTSTP), ("SIGTTIN", SIGTTIN),
        ("SIGTTOU", SIGTTOU), ("SIGURG", SIGURG), ("SIGXCPU", SIGXCPU), ("SIGXFSZ", SIGXFSZ),
        ("SIGVTALRM", SIGVTALRM), ("SIGPROF", SIGPROF), ("SIGWINCH", SIGWINCH), ("SIGIO", SIGIO),
        ("SIGSYS", SIGSYS),
    ]
}
