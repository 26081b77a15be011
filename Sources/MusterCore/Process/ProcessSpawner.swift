import CMusterSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What to run: the program, its arguments, environment, directory and standard streams.
public struct SpawnRequest: Sendable {
    /// Absolute path of the executable.
    public var executablePath: String
    /// Full argv, argv[0] included.
    public var arguments: [String]
    /// The complete environment of the child.
    public var environment: [String: String]
    /// The child's working directory, nil for Muster's own.
    public var workingDirectory: String?
    /// The descriptor the child reads as standard input.
    public var standardInput: Int32
    /// The descriptor the child writes standard output (and, unless `errorOutput` is set, standard error) to.
    public var output: Int32
    /// The descriptor for standard error when it is not `output`.
    public var errorOutput: Int32?
    /// The slave side of a pseudo-terminal that becomes all three standard streams and the
    /// controlling terminal (`tty: true`); `standardInput` and `output` are then ignored.
    public var terminal: Int32?
    /// Whether the child is killed when Muster dies (the default); `muster start -d` turns it off.
    public var diesWithParent = true

    /// Creates a request.
    public init(
        executablePath: String, arguments: [String], environment: [String: String],
        workingDirectory: String?, standardInput: Int32, output: Int32, errorOutput: Int32? = nil
    ) {
        self.errorOutput = errorOutput
        self.executablePath = executablePath
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardInput = standardInput
        self.output = output
    }
}

/// Starts child processes from one dedicated thread that lives as long as Muster.
///
/// Linux ties a child's parent-death signal to the thread that forked it, and the threads of
/// Swift's cooperative pool may come and go, so every fork happens on this one thread.
final class ProcessSpawner: @unchecked Sendable {
    /// The one spawner of this process.
    static let shared = ProcessSpawner()

    private let condition = ConditionLock()
    private var jobs: [@Sendable () -> Void] = []
    private var started = false

    private init() {}

    /// Starts the child described by `request` and returns its pid (which is also its process group).
    func spawn(_ request: SpawnRequest) async throws(SpawnError) -> Int32 {
        // The C strings are prepared here, in parallel with other spawns; the spawner thread
        // only forks.
        let argv = CStringArray(request.arguments)
        let envp = CStringArray(request.environment.map { "\($0.key)=\($0.value)" })
        let result: Result<Int32, SpawnError> = await withCheckedContinuation { continuation in
            enqueue {
                continuation.resume(returning: Self.spawnNow(request, argv: argv, envp: envp))
            }
        }
        return try result.get()
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        if !started {
            started = true
            startDedicatedThread { [self] in runForever() }
        }
        condition.signal()
        condition.unlock()
    }

    private func runForever() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll()
            condition.unlock()
            for job in batch { job() }
        }
    }

    private static func spawnNow(
        _ request: SpawnRequest, argv: CStringArray, envp: CStringArray
    ) -> Result<Int32, SpawnError> {
        var childErrno: Int32 = 0
        let result = ChildProcessTable.shared.registering {
            request.executablePath.withCString { path in
                withOptionalCString(request.workingDirectory) { cwd in
                    if !request.diesWithParent {
                        return muster_spawn_detached(
                            path, argv.pointers, envp.pointers, cwd, request.standardInput, request.output,
                            &childErrno)
                    }
                    if let terminal = request.terminal {
                        return muster_spawn_on_terminal(
                            path, argv.pointers, envp.pointers, cwd, terminal, &childErrno)
                    }
                    return muster_spawn(
                        path, argv.pointers, envp.pointers, cwd, request.standardInput, request.output,
                        request.errorOutput ?? -1, &childErrno)
                }
            }
        }
        if result > 0 { return .success(result) }
        return .failure(
            SpawnError(
                program: request.arguments.first ?? request.executablePath,
                workingDirectory: request.workingDirectory, errorNumber: childErrno))
    }
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}

/// A NULL-terminated array of C strings that lives as long as this value; handed from the task
/// that builds it to the spawner thread, never used by both at once.
private final class CStringArray: @unchecked Sendable {
    let pointers: UnsafeMutablePointer<UnsafePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() {
            pointers[index] = UnsafePointer(strdup(string))
        }
        pointers[strings.count] = nil
    }

    deinit {
        for index in 0..<count { free(UnsafeMutablePointer(mutating: pointers[index])) }
        pointers.deallocate()
    }
}
