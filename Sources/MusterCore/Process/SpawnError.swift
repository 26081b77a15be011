#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a process could not be started.
public struct SpawnError: Error, Sendable, CustomStringConvertible {
    /// The program Muster tried to run.
    public var program: String
    /// The working directory it was to run in.
    public var workingDirectory: String?
    /// The errno of the step that failed.
    public var errorNumber: Int32

    /// One sentence saying what failed and what to do.
    public var description: String {
        let reason = String(cString: strerror(errorNumber))
        switch errorNumber {
        case ENOENT:
            if let workingDirectory {
                return "could not start \(program) in \(workingDirectory): \(reason); check the command and working_dir"
            }
            return "could not start \(program): \(reason); check that the program exists and is on PATH"
        case EACCES:
            return "could not start \(program): \(reason); make the file executable (chmod +x)"
        default:
            return "could not start \(program): \(reason)"
        }
    }
}
