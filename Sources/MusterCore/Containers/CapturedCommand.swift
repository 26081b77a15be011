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

/// A short command (a runtime's `info`, `ps`, `rm`, `image inspect`) run to its end with its
/// output kept: in an unlinked temporary file, so a chatty command never blocks on a full pipe.
package struct CapturedCommand: Sendable {
    /// How it ended: nil when it could not start or was killed at its deadline.
    package var status: ExitStatus?
    /// Standard output and standard error together (or why it could not start).
    package var output: String

    /// Whether it exited with code 0.
    package var succeeded: Bool { status?.isSuccess ?? false }

    /// The last line of output that is not blank, for error messages.
    package var lastLine: String {
        let lines = output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.last { !$0.isEmpty } ?? status.map(\.description) ?? "no answer"
    }

    /// Runs `arguments` (argv[0] an absolute path) with `environment`, killing it after `timeout`.
    package static func run(
        _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(60)
    ) async -> CapturedCommand {
        var template = Array("/tmp/muster-runtime-XXXXXX".utf8CString)
        // Spawned children close every descriptor above 2, so the window before FD_CLOEXEC is harmless.
        let file = mkstemp(&template)
        guard file >= 0 else {
            return CapturedCommand(
                status: nil, output: "could not create a temporary file: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(file, F_SETFD, FD_CLOEXEC)
        unlink(template)
        defer { close(file) }
        let child: ChildProcess
        do {
            child = try await ChildProcess.spawn(
                SpawnRequest(
                    executablePath: arguments[0], arguments: arguments, environment: environment,
                    workingDirectory: nil, standardInput: DevNull.descriptor, output: file))
        } catch {
            return CapturedCommand(status: nil, output: "\(error)")
        }
        let started = ContinuousClock.now
        let status = await withTaskGroup(of: Void.self) { group in
            group.addTask {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                ProcessGroup(id: child.pid).send(.kill)
            }
            let status = await child.exitStatus()
            group.cancelAll()
            return status
        }
        let timedOut = status == .signaled(signal: SIGKILL) && started.duration(to: .now) >= timeout
        let output = Self.contents(of: file)
        if timedOut {
            return CapturedCommand(status: nil, output: output + "\ngave no answer within \(timeout.humanReadable)")
        }
        return CapturedCommand(status: status, output: output)
    }

    /// Everything written to `file`, at most its first 256 KiB.
    private static func contents(of file: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        var offset: off_t = 0
        while bytes.count < 256 * 1024 {
            let count = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress, $0.count, offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            offset += off_t(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
