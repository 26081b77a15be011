import Foundation
import Logging
import MusterNet
import MusterTesting
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing

@testable import MusterApp
@testable import MusterCore

/// Where the control socket lives, who may use it, and how one Muster per project is enforced.
@Suite struct ControlSocketTests {
    static func mode(of path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Binds a unix socket at `path` and closes it without listening or unlinking, as a killed Muster leaves it.
    static func leaveStaleSocket(at path: String) {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.enumerated() { bytes[index] = byte }
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(descriptor)
    }

    @Test func fileNameIsTheFNVHashOfTheAbsoluteDirectory() throws {
        #expect(ControlSocketLocation.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(ControlSocketLocation.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let name = ControlSocketLocation.fileName(forProjectDirectory: directory.path)
        #expect(name.count == 21 && name.hasSuffix(".sock"))
        #expect(name.dropLast(5).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(ControlSocketLocation.fileName(forProjectDirectory: directory.path + "/") == name)
        #expect(ControlSocketLocation.fileName(forProjectDirectory: directory.path + "/.") == name)
        #expect(ControlSocketLocation.fileName(forProjectDirectory: "/tmp") != name)
    }

    @Test func runtimeDirectoryIsUsedAndMadePrivate() throws {
        let runtime = try TemporaryDirectory()
        defer { runtime.remove() }
        let path = try ControlSocketLocation.socketPath(forProjectDirectory: "/srv/app", runtimeDirectory: runtime.path)
        #expect(path == runtime.path + "/muster/" + ControlSocketLocation.fileName(forProjectDirectory: "/srv/app"))
        #expect(Self.mode(of: runtime.path + "/muster") == 0o700)
        #expect(path.utf8.count < 104)
    }

    @Test func withoutARuntimeDirectoryTheSocketGoesUnderTmp() throws {
        let expected = "/tmp/muster-\(geteuid())/" + ControlSocketLocation.fileName(forProjectDirectory: "/srv/app")
        #expect(
            try ControlSocketLocation.socketPath(forProjectDirectory: "/srv/app", runtimeDirectory: nil) == expected)
        #expect(
            try ControlSocketLocation.socketPath(forProjectDirectory: "/srv/app", runtimeDirectory: "relative")
                == expected)
        #expect(
            try ControlSocketLocation.socketPath(forProjectDirectory: "/srv/app", runtimeDirectory: "/nonexistent")
                == expected)
        #expect(Self.mode(of: "/tmp/muster-\(geteuid())") & 0o022 == 0)
    }

    @Test func aDirectoryOthersCanWriteIsRefused() throws {
        let runtime = try TemporaryDirectory()
        defer { runtime.remove() }
        mkdir(runtime.path + "/muster", 0o700)
        chmod(runtime.path + "/muster", 0o777)
        let error = #expect(throws: ControlError.self) {
            try ControlSocketLocation.socketPath(forProjectDirectory: "/srv/app", runtimeDirectory: runtime.path)
        }
        #expect(error?.message.contains("can be written by other users") == true)
    }

    @Test(.enabled(if: geteuid() == 0, "only root can give a directory away"))
    func aDirectoryOfAnotherUserIsRefused() throws {
        let runtime = try TemporaryDirectory()
        defer { runtime.remove() }
        mkdir(runtime.path + "/muster", 0o700)
        chown(runtime.path + "/muster", 4242, 4242)
        let error = #expect(throws: ControlError.self) {
            try ControlSocketLocation.socketPath(forProjectDirectory: "/srv/app", runtimeDirectory: runtime.path)
        }
        #expect(error?.message.contains("belongs to another user (uid 4242)") == true)
    }

    @Test func theSocketIsOwnerOnlyAndRemovedAtShutdown() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/control.sock"
        try await ControlTestServer.with(directory: directory) { (running: ControlTestServer) async throws in
            #expect(running.socketPath == path)
            #expect(Self.mode(of: path) == 0o600)
        }
        #expect(!Self.exists(path))
    }

    @Test func aStaleSocketIsReplaced() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        Self.leaveStaleSocket(at: directory.path + "/control.sock")
        #expect(
            await ControlSocketProbe.probe(
                directory.path + "/control.sock", eventLoopGroup: MultiThreadedEventLoopGroup.singleton) == .stale)
        try await ControlTestServer.with(directory: directory) { (running: ControlTestServer) async throws in
            #expect(try await running.client.status().project == "demo")
        }
    }

    @Test func aSecondServerOnTheSameSocketIsRefused() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let error = await #expect(throws: ControlError.self) {
                _ = try await ControlListeners.bind(
                    projectDirectory: running.server.projectDirectory, socketPath: running.socketPath, preferredPort: 0)
            }
            #expect(error?.status == 409)
            #expect(
                error?.message
                    == "muster is already running for \(running.server.projectDirectory) (\(running.socketPath)); "
                    + "stop it with `muster down` or use that one")
            #expect(try await running.client.status().project == "demo")
        }
    }

    @Test func aTakenPreferredPortFallsBackToAnother() async throws {
        let holder = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let taken = try #require(holder.localAddress?.port)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let listeners = try await ControlListeners.bind(
            projectDirectory: directory.path, socketPath: directory.path + "/c.sock", preferredPort: taken)
        let server = ControlServer(plane: ControlTestPlane(), listeners: listeners)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = listeners.port
            #expect(port != taken && port > 0)
            #expect(listeners.url == "http://127.0.0.1:\(port)")
            let answer = try await ControlSecurityTests.get("/v1/services", host: "localhost", port: port)
            #expect(answer.status == 200)
            group.cancelAll()
        }
        try await holder.close()
        #expect(!Self.exists(directory.path + "/c.sock"))
    }

    @Test func theServerBindsThePortItsReservationHeld() async throws {
        let reservation = try #require(LoopbackReservation.reserve(preferring: 0))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        reservation.release()
        let listeners = try await ControlListeners.bind(
            projectDirectory: directory.path, socketPath: directory.path + "/c.sock", preferredPort: reservation.port)
        let server = ControlServer(plane: ControlTestPlane(), listeners: listeners)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            #expect(listeners.port == reservation.port, "released just before binding, not fallen back")
            let answer = try await ControlSecurityTests.get("/v1/services", host: "localhost", port: reservation.port)
            #expect(answer.status == 200)
            group.cancelAll()
        }
    }

    @Test func gracefulShutdownEndsStreamingAnswers() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plane = ControlTestPlane()
        let listeners = try await ControlListeners.bind(
            projectDirectory: directory.path, socketPath: directory.path + "/c.sock", preferredPort: 0)
        let server = ControlServer(plane: plane, listeners: listeners)
        let group = ServiceGroup(services: [server], logger: Logger(label: "control-test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let client = ControlClient(socketPath: server.socketPath)
            let logs = try await client.logs(services: [], tail: nil, follow: true)
            let changes = try await client.stateChanges()
            try await waitUntil("both subscriptions") {
                let logs = await plane.logFollowerCount
                let changes = await plane.changeFollowerCount
                return logs == 1 && changes == 1
            }
            await group.triggerGracefulShutdown()
            #expect(try await Array(logs).isEmpty)
            #expect(try await Array(changes).isEmpty)
            try await tasks.waitForAll()
        }
        #expect(!Self.exists(directory.path + "/c.sock"))
    }

    @Test func connectFindsTheProjectsMusterOrSays503() async throws {
        let project = try TemporaryDirectory()
        defer { project.remove() }
        let error = await #expect(throws: ControlError.self) {
            _ = try await ControlClient.connect(projectDirectory: project.path)
        }
        #expect(
            error
                == ControlError(
                    status: 503, message: "no muster is running for \(project.path); start one with `muster start`"))
        let plane = ControlTestPlane()
        let server = ControlServer(
            plane: plane, listeners: try await ControlListeners.bind(projectDirectory: project.path, preferredPort: 0))
        #expect(server.socketPath == (try ControlSocketLocation.socketPath(forProjectDirectory: project.path)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let client = try await ControlClient.connect(projectDirectory: project.path)
            #expect(try await client.status().project == "demo")
            group.cancelAll()
        }
        #expect(!Self.exists(server.socketPath))
    }
}
