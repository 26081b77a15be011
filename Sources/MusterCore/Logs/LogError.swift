#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Failures of the log multiplexer.
enum LogError: Error, CustomStringConvertible, Equatable {
    /// The log directory could not be created.
    case cannotCreateDirectory(path: String, errno: Int32)
    /// A service's log file could not be opened, written or rotated.
    case cannotWriteFile(path: String, errno: Int32)
    /// Reading a service's output pipe could not start.
    case cannotAttach(displayName: String, reason: String)

    /// A full sentence naming what failed and what to do.
    var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let code):
            return "Cannot create the log directory \(path) (\(Self.message(code))); "
                + "check its permissions or choose another directory."
        case .cannotWriteFile(let path, let code):
            return "Cannot write the log file \(path) (\(Self.message(code))); "
                + "its output is still printed but no longer saved, check the disk and permissions."
        case .cannotAttach(let displayName, let reason):
            return "Cannot read the output of \(displayName) (\(reason)); restart it to try again."
        }
    }

    private static func message(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
