import Glibc
import MusterNet
import MusterTesting
import Testing

@testable import MusterApp
@testable import MusterCore

/// How `port: auto` and the fallback of Muster's listeners choose a port.
@Suite struct FreePortTests {
    @Test func autoPortsComeFromBelowTheEphemeralRangeAndAreFree() throws {
        let ephemeralStart = LoopbackPorts.ephemeralRangeStart
        try #require(ephemeralStart - LoopbackPorts.lowestAutoPort >= 1024, "this machine's ephemeral range starts low")
        let ports = try (0..<20).map { _ in try StackPlanner.freeLoopbackPort() }
        for port in ports {
            #expect((LoopbackPorts.lowestAutoPort..<ephemeralStart).contains(port), "\(port)")
        }
        #expect(Set(ports).count > 1, "the choice is random, not a fixed port")
    }

    /// A listener binds at once, so it takes the kernel's pick, which `port: auto` never hands
    /// out: a stack's listeners cannot take a port chosen for one of its services (a CI flake:
    /// the control API fell back onto the auto port of a service that had not bound it yet).
    @Test func aListenerFallsBackOutsideTheAutoPortRange() throws {
        let ephemeralStart = LoopbackPorts.ephemeralRangeStart
        try #require(ephemeralStart - LoopbackPorts.lowestAutoPort >= 1024, "this machine's ephemeral range starts low")
        let taken = try #require(LoopbackReservation.reserve(preferring: try StackPlanner.freeLoopbackPort()))
        defer { taken.release() }
        for _ in 0..<20 {
            let listener = try LoopbackPorts.bind(preferring: taken.port, fallsBack: true).get()
            defer { listener.close() }
            #expect(listener.port != taken.port)
            #expect(listener.port >= ephemeralStart, "\(listener.port) is in the range of auto ports")
        }
    }

    @Test func aPortWithAListenerCannotBeBound() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        try #require(bound == 0 && listen(fd, 1) == 0)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        #expect(!LoopbackPorts.canBind(port))
        #expect(LoopbackReservation.reserve(preferring: port)?.port != port)
    }

    @Test func aReservedControlPortCannotBeTakenUntilReleased() async throws {
        let free = try StackPlanner.freeLoopbackPort()
        let reservation = try #require(LoopbackReservation.reserve(preferring: free))
        #expect(reservation.port == free)
        #expect(!LoopbackPorts.canBind(free), "held by the reservation, even against SO_REUSEADDR")
        reservation.release()
        reservation.release()  // idempotent
        // Polled: a child that another test is spawning may hold a copy of the socket until its exec.
        try await waitUntil("the released port to be free", timeout: .seconds(10)) {
            LoopbackPorts.canBind(free)
        }
    }

    @Test func reservingATakenControlPortHoldsAnother() throws {
        let taken = try #require(LoopbackReservation.reserve(preferring: 0))
        let other = try #require(LoopbackReservation.reserve(preferring: taken.port))
        #expect(other.port != taken.port && other.port > 0)
        #expect(!LoopbackPorts.canBind(other.port))
    }
}
