import MusterCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ControlServer {
    /// `preferred` when 127.0.0.1 can bind it now, else a free one (`StackPlanner.freeLoopbackPort`; design §5:
    /// a taken default port is replaced, not fatal).
    public static func availablePort(preferring preferred: Int) -> Int {
        if StackPlanner.canBindLoopback(preferred) { return preferred }
        return (try? StackPlanner.freeLoopbackPort()) ?? 0
    }
}
