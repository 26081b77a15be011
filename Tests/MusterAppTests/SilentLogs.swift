import MusterCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// A multiplexer printing to /dev/null, for tests that need one but read none of its output.
struct SilentLogs {
    let outputFD: Int32
    let group: MultiThreadedEventLoopGroup
    let multiplexer: LogMultiplexer

    init() throws {
        outputFD = open("/dev/null", O_WRONLY | O_CLOEXEC)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        multiplexer = try LogMultiplexer(
            outputFD: outputFD, options: LogOptions(useColor: false, showTimestamps: false), names: ["muster"],
            eventLoopGroup: group)
    }

    /// Shuts the multiplexer and its event loop down.
    func finish() async {
        await multiplexer.shutdown()
        close(outputFD)
        try? await group.shutdownGracefully()
    }
}
