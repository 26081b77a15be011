import Foundation
import Testing

@testable import MusterCore

@Suite("Spawning children")
struct ProcessSpawnerTests {
    typealias ExitStatus = MusterCore.ExitStatus

    /// Runs `script` with /bin/sh, its output into a pipe; returns the pid and the pipe's read end.
    static func spawn(_ script: String, in directory: String? = nil) async throws -> (pid: Int32, output: FileHandle) {
        let pipe = Pipe()
        let request = SpawnRequest(
            executablePath: "/bin/sh", arguments: ["/bin/sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"],
            workingDirectory: directory, standardInput: DevNull.descriptor,
            output: pipe.fileHandleForWriting.fileDescriptor)
        let pid = try await ProcessSpawner.shared.spawn(request)
        try pipe.fileHandleForWriting.close()
        return (pid, pipe.fileHandleForReading)
    }

    @Test(
        "Exit codes and signals come back as values",
        arguments: [
            ("exit 0", ExitStatus.exited(code: 0)),
            ("exit 3", .exited(code: 3)),
            ("kill -TERM $$", .signaled(signal: SIGTERM)),
            ("kill -KILL $$", .signaled(signal: SIGKILL)),
        ])
    func exitStatus(script: String, expected: ExitStatus) async throws {
        let child = try await Self.spawn(script)
        #expect(await ChildProcessTable.shared.exitStatus(of: child.pid) == expected)
    }

    @Test("A child leads its own session and process group")
    func ownSessionAndGroup() async throws {
        let child = try await Self.spawn("sleep 30")
        #expect(getpgid(child.pid) == child.pid)
        #expect(getsid(child.pid) == child.pid)
        ProcessGroup(id: child.pid).send(.kill)
        #expect(await ChildProcessTable.shared.exitStatus(of: child.pid) == .signaled(signal: SIGKILL))
    }

    @Test("A child inherits no descriptor of Muster's but its three standard streams")
    func noDescriptorLeaks() async throws {
        let extra = Pipe()  // open in this process, must not reach the child
        let child = try await Self.spawn("sleep 30")
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd").compactMap {
            Int($0)
        }
        ProcessGroup(id: child.pid).send(.kill)
        _ = await ChildProcessTable.shared.exitStatus(of: child.pid)
        #expect(Set(descriptors) == [0, 1, 2], "the child had \(descriptors.sorted())")
        _ = extra
    }

    @Test("A working directory that does not exist is a spawn error naming it")
    func missingWorkingDirectory() async throws {
        let error = await #expect(throws: SpawnError.self) {
            _ = try await Self.spawn("true", in: "/nonexistent/muster-test")
        }
        #expect(error?.errorNumber == ENOENT)
        #expect(error?.description.contains("/nonexistent/muster-test") == true)
        let child = try await Self.spawn("exit 0")
        #expect(await ChildProcessTable.shared.exitStatus(of: child.pid) == .exited(code: 0))
    }
}
