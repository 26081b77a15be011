#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Monotonic nanoseconds (CLOCK_MONOTONIC), shared by publisher and consumer threads.
enum MonotonicClock {
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Sleeps until the monotonic time `deadline`.
    static func sleep(until deadline: UInt64) {
        var spec = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &spec, nil) == EINTR {}
    }
}

/// A dedicated OS thread running one blocking loop; ``join()`` returns its error, if any.
final class BenchThread: @unchecked Sendable {
    private var thread: pthread_t
    private let box: Box

    private final class Box: @unchecked Sendable {
        let body: () throws -> Void
        var error: (any Error)?
        init(_ body: @escaping () throws -> Void) { self.body = body }
    }

    init(_ body: @escaping () throws -> Void) {
        box = Box(body)
        #if canImport(Darwin)
            var created: pthread_t?
        #else
            var created = pthread_t()
        #endif
        let raw = Unmanaged.passRetained(box).toOpaque()
        pthread_create(
            &created, nil,
            { raw in
                // Optional on Glibc, not on Darwin; always the retained box passed below.
                guard let raw = raw as UnsafeMutableRawPointer? else { return nil }
                let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
                do { try box.body() } catch { box.error = error }
                return nil
            }, raw)
        #if canImport(Darwin)
            guard let created else { preconditionFailure("pthread_create always sets the thread it starts") }
            thread = created
        #else
            thread = created
        #endif
    }

    /// Waits for the thread and rethrows what its body threw.
    func join() throws {
        pthread_join(thread, nil)
        if let error = box.error { throw error }
    }
}
