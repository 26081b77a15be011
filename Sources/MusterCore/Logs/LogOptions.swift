#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How Muster prints service output.
public struct LogOptions: Sendable {
    /// Whether prefixes (and Muster's error lines) are coloured.
    public var useColor: Bool
    /// Whether printed lines start with the local time `HH:MM:SS` (log files always have it).
    public var showTimestamps: Bool
    /// Directory of the per-service log files, e.g. ".muster/logs"; nil writes no files.
    public var logDirectory: String?
    /// How many lines each service's ring buffer keeps.
    public var ringCapacity: Int = 1000
    /// How long an incomplete line waits for its end before it is printed on its own.
    public var partialLineDelay: Duration = .milliseconds(50)
    /// Longest line printed as one; longer lines are split into several prefixed lines.
    public var maxLineLength: Int = 64 * 1024
    /// Size at which a log file is rotated.
    public var rotationBytes: Int = 10 * 1024 * 1024
    /// How many log files are kept per service, the current one included.
    public var keptFiles: Int = 3
    /// The palette used when `useColor` is on; detected from `TERM`/`COLORTERM` by `init`.
    package var colorDepth: ColorDepth

    /// Options with the defaults above; `colorDepth` is detected from the process environment.
    public init(useColor: Bool, showTimestamps: Bool = true, logDirectory: String? = nil) {
        self.useColor = useColor
        self.showTimestamps = showTimestamps
        self.logDirectory = logDirectory
        var environment: [String: String] = [:]
        for key in ["TERM", "COLORTERM"] {
            if let value = getenv(key) {
                environment[key] = String(cString: value)
            }
        }
        self.colorDepth = ColorDepth.detect(environment: environment)
    }

    /// Decides colour: `--no-color` flag -> off; else FORCE_COLOR set and not "0"/"false" -> on; else NO_COLOR set and non-empty -> off; else on iff output is a TTY.
    public static func colorEnabled(
        noColorFlag: Bool,
        outputIsTTY: Bool,
        environment: [String: String]
    ) -> Bool {
        if noColorFlag {
            return false
        }
        if let force = environment["FORCE_COLOR"] {
            let value = force.lowercased()
            if value != "0" && value != "false" {
                return true
            }
        }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return false
        }
        return outputIsTTY
    }
}
