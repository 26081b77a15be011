import MusterTesting
import Testing

@testable import MusterRegistry

/// Drives `CheckSchedule` as a plain value with hand-made instants: no clock, no sleeping.
@Suite("Check schedule")
struct CheckScheduleTests {
    typealias Instant = ManualClock.Instant
    typealias Schedule = CheckSchedule<Instant>
    typealias Change = CheckChange<Instant>

    static func at(_ milliseconds: Int) -> Instant { Instant(offset: .milliseconds(milliseconds)) }

    static func schedule() -> Schedule {
        var configuration = RegistryConfiguration()
        configuration.minimumCheckInterval = .seconds(1)
        configuration.minimumDeregisterAfter = .seconds(60)
        configuration.defaultCheckTimeout = .seconds(10)
        return Schedule(limits: .init(configuration))
    }

    static func check(_ kind: RegistryCheck.Kind, service: String = "web", reapAfter: Duration? = nil)
        -> RegistryCheck
    {
        var check = RegistryCheck(id: "c", name: "c", kind: kind)
        check.serviceID = service
        check.deregisterCriticalAfter = reapAfter
        return check
    }

    static func change(
        _ event: Change.Event, status: CheckStatus = .critical, revision: UInt64, at ms: Int
    ) -> Change {
        Change(checkID: "c", event: event, status: status, revision: revision, at: at(ms))
    }

    @Test("An HTTP or TCP check is probed at once, then every interval (at least the minimum) after each probe")
    func probes() {
        var schedule = Self.schedule()
        let tcp = RegistryCheck.Kind.tcp(host: "127.0.0.1", port: 1)
        var check = Self.check(tcp)
        check.interval = .milliseconds(100)
        let probe1 = Schedule.Action.probe(checkID: "c", kind: tcp, timeout: .seconds(10), revision: 1)
        #expect(schedule.apply(Self.change(.registered(check), revision: 1, at: 0)) == [probe1])
        #expect(schedule.advance(to: Self.at(500)) == [], "nothing while the probe is in flight")
        #expect(schedule.apply(Self.change(.statusRecorded, revision: 2, at: 50)) == [.sleep(until: Self.at(1000))])
        #expect(schedule.advance(to: Self.at(999)) == [])
        #expect(
            schedule.advance(to: Self.at(1000))
                == [.probe(checkID: "c", kind: tcp, timeout: .seconds(10), revision: 2)])
        #expect(schedule.apply(Self.change(.removed, revision: 3, at: 1200)) == [])
        #expect(schedule.advance(to: Self.at(10_000)) == [] && schedule.entries.isEmpty)
    }

    @Test("A TTL check expires at its deadline; a TTL update moves the deadline; an expired one waits for the next")
    func ttl() {
        var schedule = Self.schedule()
        #expect(
            schedule.apply(Self.change(.registered(Self.check(.ttl(.seconds(30)))), revision: 1, at: 0))
                == [.sleep(until: Self.at(30_000))])
        #expect(schedule.apply(Self.change(.ttlRenewed, status: .passing, revision: 2, at: 10_000)) == [])
        #expect(schedule.advance(to: Self.at(30_000)) == [.sleep(until: Self.at(40_000))], "the old alarm rings")
        #expect(schedule.advance(to: Self.at(40_000)) == [.expireTTL(checkID: "c", revision: 2)])
        #expect(schedule.advance(to: Self.at(41_000)) == [], "asked once until a newer change")
        #expect(schedule.apply(Self.change(.ttlExpired, revision: 3, at: 41_000)) == [])
        #expect(schedule.nextDue == nil)
        #expect(
            schedule.apply(Self.change(.ttlRenewed, status: .passing, revision: 4, at: 50_000))
                == [.sleep(until: Self.at(80_000))])
    }

    @Test("A request refused on an old revision is asked again once the newer change arrives, if still due")
    func staleRevision() {
        var schedule = Self.schedule()
        _ = schedule.apply(Self.change(.registered(Self.check(.ttl(.seconds(30)))), revision: 1, at: 0))
        #expect(schedule.advance(to: Self.at(30_000)) == [.expireTTL(checkID: "c", revision: 1)])
        // Muster set the status meanwhile (revision 2), so the registry refused revision 1.
        #expect(
            schedule.apply(Self.change(.statusRecorded, status: .passing, revision: 2, at: 29_999))
                == [.expireTTL(checkID: "c", revision: 2)])
    }

    @Test("A service whose check stays critical past DeregisterCriticalServiceAfter (at least the minimum) goes")
    func reap() {
        var schedule = Self.schedule()
        let check = Self.check(.ttl(.seconds(10)), reapAfter: .seconds(1))
        #expect(schedule.apply(Self.change(.registered(check), revision: 1, at: 0)) == [.sleep(until: Self.at(10_000))])
        #expect(schedule.advance(to: Self.at(10_000)) == [.expireTTL(checkID: "c", revision: 1)])
        #expect(schedule.apply(Self.change(.ttlExpired, revision: 2, at: 10_000)) == [.sleep(until: Self.at(60_000))])
        #expect(schedule.advance(to: Self.at(60_000)) == [.deregister(serviceID: "web", checkID: "c", revision: 2)])
    }

    @Test("Passing resets the critical time; registering again keeps it; node checks and Muster's keep no timers")
    func criticalTime() {
        var schedule = Self.schedule()
        let check = Self.check(.ttl(.seconds(100)), reapAfter: .seconds(60))
        _ = schedule.apply(Self.change(.registered(check), revision: 1, at: 0))
        _ = schedule.apply(Self.change(.registered(check), revision: 2, at: 30_000))
        #expect(schedule.entries["c"]?.reapTime == Self.at(60_000))
        _ = schedule.apply(Self.change(.statusRecorded, status: .passing, revision: 3, at: 40_000))
        _ = schedule.apply(Self.change(.statusRecorded, status: .critical, revision: 4, at: 50_000))
        #expect(schedule.entries["c"]?.reapTime == Self.at(110_000))
        _ = schedule.apply(
            Self.change(
                .registered(Self.check(.ttl(.seconds(100)), service: "", reapAfter: .seconds(60))), revision: 5,
                at: 50_000))
        #expect(schedule.entries["c"]?.reapTime == nil, "a node check has no service to remove")
        #expect(schedule.apply(Self.change(.registered(Self.check(.muster)), revision: 6, at: 60_000)) == [])
        #expect(schedule.entries.isEmpty)
    }
}
