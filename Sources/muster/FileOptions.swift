import ArgumentParser
import MusterCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The options every command that reads the stack shares.
struct FileOptions: ParsableArguments {
    @Option(
        name: .shortAndLong, help: "The stack file or Procfile (default: muster.yaml, then Procfile; or $MUSTER_FILE).")
    var file: String?

    @Option(
        name: [.customShort("e"), .customLong("env-file")],
        help: "A .env file to load instead of ./.env (repeatable; later files win).")
    var envFiles: [String] = []

    /// The loader request these options describe.
    var request: StackLoader.Request {
        StackLoader.Request(file: file, envFiles: envFiles.isEmpty ? nil : envFiles)
    }
}

/// Prints a configuration error the way every command does and exits with code 1.
func failWithConfigError(_ error: ConfigError) -> ExitCode {
    printError("muster: \(error)")
    return ExitCode(1)
}

/// Writes one line to standard error.
func printError(_ text: String) {
    var standardError = StandardError()
    print(text, to: &standardError)
}

/// Standard error as a text output stream.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
