import NIOCore
import NIOPosix
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Multiplexes the output of every service instance into one prefixed, coloured stream.
package final class LogMultiplexer: Sendable {
    /// The name of Muster's own lines and of the ring buffer that keeps them.
    static let systemName = "muster"
    /// Bytes asked of the pipe per read.
    static let readSize = 64 * 1024

    let options: LogOptions
    let writer: OutputWriter
    /// Those following the logs live.
    let followers = LogFollowers()
    private let eventLoop: any EventLoop
    private let formatter: LinePrefixFormatter
    private let scratch: NIOLoopBoundBox<LoopScratch>
    private let services: Mutex<[String: ServiceLog]>
    private let channels: Mutex<[ObjectIdentifier: any Channel]>
    private let systemLog: ServiceLog
    private let systemTimestamps = Mutex(TimestampCache())

    /// `outputFD` is where lines go (1 for stdout; tests pass a file or pipe). `names` are all the display names that will be used (instance names like "web" or "web.1", plus "muster"), so prefixes can be padded to the widest. The multiplexer does not close outputFD.
    package init(
        outputFD: Int32,
        options: LogOptions,
        names: [String],
        eventLoopGroup: any EventLoopGroup
    ) throws {
        tzset()
        if let directory = options.logDirectory {
            try Self.makeDirectories(directory)
        }
        self.options = options
        self.writer = OutputWriter(fd: outputFD)
        self.eventLoop = eventLoopGroup.next()
        self.formatter = LinePrefixFormatter(options: options, names: names + [Self.systemName])
        self.scratch = NIOLoopBoundBox.makeBoxSendingValue(LoopScratch(), eventLoop: self.eventLoop)
        self.services = Mutex([:])
        self.channels = Mutex([:])
        self.systemLog = ServiceLog(service: Self.systemName, ringCapacity: options.ringCapacity, file: nil)
    }

    /// Starts reading `fd` (takes ownership; closed at EOF). Lines are printed as `displayName` and kept in the ring buffer and log file of `service` (the service name, shared by its replicas: web.1 and web.2 both go to web.log). `lineObserver`, when given, also sees every line as text. Returns once reading has started.
    package func attach(
        fd: Int32, displayName: String, service: String, lineObserver: (@Sendable (String) -> Void)? = nil
    ) async throws -> LogStream {
        let serviceLog = self.serviceLog(for: service)
        let template = self.formatter.template(displayName: displayName, service: service)
        let scratch = self.scratch
        let channel: any Channel
        do {
            channel = try await NIOPipeBootstrap(group: self.eventLoop)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: Self.readSize))
                .channelOption(.maxMessagesPerRead, value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = LogPipeHandler(
                            multiplexer: self,
                            serviceLog: serviceLog,
                            template: template,
                            displayName: displayName,
                            fd: fd,
                            scratch: scratch.value,
                            lineObserver: lineObserver
                        )
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .takingOwnershipOfDescriptor(input: fd)
                .get()
        } catch {
            close(fd)
            throw LogError.cannotAttach(displayName: displayName, reason: "\(error)")
        }
        let key = ObjectIdentifier(channel)
        self.channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { _ in
            self.channels.withLock { _ = $0.removeValue(forKey: key) }
        }
        return LogStream(displayName: displayName, closeFuture: channel.closeFuture)
    }

    /// Prints one of Muster's own lines, prefixed `muster`; `.error` lines are red when colour is on. Thread-safe, never torn.
    package func system(_ text: String, level: SystemLineLevel = .info) {
        let template = self.formatter.systemTemplate(level: level)
        let now = WallClock.now()
        let stamp = self.systemTimestamps.withLock { $0.stamp(for: now.seconds) }
        var prefix: [UInt8] = []
        template.render(into: &prefix, stamp: stamp)
        var lines = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.count > 1, lines.last?.isEmpty == true {
            lines.removeLast()
        }
        let output = ByteAccumulator()
        for line in lines {
            output.append(prefix)
            line.withUnsafeBytes { output.append($0) }
            output.append(template.lineEnd)
        }
        self.writer.write(output.bytes)
        self.systemLog.ring.withLock { ring in
            let nameID = ring.nameID(for: Self.systemName)
            for line in lines {
                line.withUnsafeBytes { ring.append($0, time: now.secondsSince1970, nameID: nameID) }
            }
        }
        if !self.followers.isEmpty {
            let time = Date(timeIntervalSince1970: now.secondsSince1970)
            let followed = lines.map {
                LogLine(displayName: Self.systemName, text: String(decoding: $0, as: UTF8.self), time: time)
            }
            self.followers.publish(service: Self.systemName, lines: followed)
        }
    }

    /// Lines of `services` (every service when empty; `muster` for Muster's own lines) from now
    /// on, until `shutdown()`. A follower that falls more than 10,000 lines behind loses the oldest.
    package func follow(services: [String]) -> AsyncStream<LogEntry> {
        self.followers.follow(services: Set(services))
    }

    /// The last `limit` lines (or all kept) of `service`'s ring buffer, oldest first.
    package func recentLines(of service: String, limit: Int? = nil) -> [LogLine] {
        if service == Self.systemName {
            return self.systemLog.recentLines(limit: limit)
        }
        guard let log = self.services.withLock({ $0[service] }) else {
            return []
        }
        return log.recentLines(limit: limit)
    }

    /// Flushes pending partial lines and closes log files; call once at the end.
    ///
    /// Streams still open are closed (their incomplete lines are printed first); to keep what a
    /// child wrote just before exiting, await its stream's `drained()` before calling this.
    package func shutdown() async {
        let open = self.channels.withLock { Array($0.values) }
        for channel in open {
            channel.close(promise: nil)
        }
        for channel in open {
            try? await channel.closeFuture.get()
        }
        for log in self.services.withLock({ Array($0.values) }) {
            log.closeFile()
        }
        self.followers.finishAll()
    }

    /// The ring buffer and log file of `service`, created on first use.
    private func serviceLog(for service: String) -> ServiceLog {
        if let existing = self.services.withLock({ $0[service] }) {
            return existing
        }
        var file: RotatingLogFile?
        var failure: LogError?
        if let directory = self.options.logDirectory {
            do {
                file = try RotatingLogFile(
                    path: "\(directory)/\(service).log",
                    rotationBytes: self.options.rotationBytes,
                    keptFiles: self.options.keptFiles
                )
            } catch {
                failure = error
            }
        }
        let created = ServiceLog(service: service, ringCapacity: self.options.ringCapacity, file: file)
        let log = self.services.withLock { services in
            if let raced = services[service] {
                return raced
            }
            services[service] = created
            return created
        }
        if log !== created {
            created.closeFile()
        }
        if let failure {
            self.system(failure.description, level: .error)
        }
        return log
    }

    /// Creates `path` and its missing parents, like `mkdir -p`.
    private static func makeDirectories(_ path: String) throws(LogError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/\(component)"
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw .cannotCreateDirectory(path: path, errno: errno)
            }
        }
    }
}
