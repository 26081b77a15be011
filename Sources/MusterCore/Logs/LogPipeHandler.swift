import NIOCore

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

/// Reads one service instance's pipe on the log event loop and writes its lines, a whole read
/// at a time, to the output, the ring buffer and the log file.
final class LogPipeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let multiplexer: LogMultiplexer
    private let serviceLog: ServiceLog
    private let template: PrefixTemplate
    private let scratch: LoopScratch
    private let nameID: Int
    /// The pipe's descriptor, owned by the channel; only asked how many bytes wait in it.
    private let fd: Int32
    private let partialDelay: TimeAmount
    private var splitter: LineSplitter
    /// When the incomplete line must be printed if nothing completes it.
    private var partialDeadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private var outputPrefix: [UInt8] = []
    private var filePrefix: [UInt8] = []
    private var finished = false
    /// Sees every line as text (a `log:` health probe); nil on the fast path.
    private let lineObserver: (@Sendable (String) -> Void)?
    private let displayName: String

    init(
        multiplexer: LogMultiplexer,
        serviceLog: ServiceLog,
        template: PrefixTemplate,
        displayName: String,
        fd: Int32,
        scratch: LoopScratch,
        lineObserver: (@Sendable (String) -> Void)? = nil
    ) {
        self.fd = fd
        self.lineObserver = lineObserver
        self.displayName = displayName
        self.multiplexer = multiplexer
        self.serviceLog = serviceLog
        self.template = template
        self.scratch = scratch
        self.nameID = serviceLog.ring.withLock { $0.nameID(for: displayName) }
        let options = multiplexer.options
        self.partialDelay = TimeAmount(options.partialLineDelay)
        self.splitter = LineSplitter(maxLineLength: max(1, options.maxLineLength))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = self.unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { chunk in
            self.emitBatch { splitter, emit in splitter.feed(chunk, emit) }
        }
        self.armPartialTimer(on: context.eventLoop)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.finish()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A pty reports EIO once its child is gone; either way this stream is over.
        context.close(promise: nil)
    }

    /// Prints the trailing incomplete line, once, when the stream ends.
    private func finish() {
        guard !self.finished else { return }
        self.finished = true
        self.timer?.cancel()
        self.timer = nil
        self.partialDeadline = nil
        self.emitBatch { splitter, emit in splitter.flushPending(emit) }
    }

    /// Makes sure an incomplete line is printed once the pipe has been quiet for `partialDelay`
    /// (so prompts appear), unless a newline completes it first. The clock restarts with every
    /// read: a child flooding output in block-buffered chunks, which routinely end mid-line, is
    /// never cut between chunks.
    private func armPartialTimer(on eventLoop: any EventLoop) {
        guard self.splitter.hasPending else {
            self.partialDeadline = nil
            return
        }
        let deadline = NIODeadline.now() + self.partialDelay
        self.partialDeadline = deadline
        if self.timer == nil {
            self.schedule(at: deadline, on: eventLoop)
        }
    }

    private func schedule(at deadline: NIODeadline, on eventLoop: any EventLoop) {
        self.timer = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timerFired(on: eventLoop)
        }
    }

    private func timerFired(on eventLoop: any EventLoop) {
        self.timer = nil
        guard !self.finished, self.splitter.hasPending, let deadline = self.partialDeadline else {
            return
        }
        if deadline > .now() {
            // More bytes arrived since the timer was set (or a newer partial line started).
            self.schedule(at: deadline, on: eventLoop)
            return
        }
        if self.bytesWaitingInPipe() {
            // The rest may already be in the pipe, unread because the loop was busy: read first.
            self.schedule(at: .now() + .milliseconds(2), on: eventLoop)
            return
        }
        self.partialDeadline = nil
        self.emitBatch { splitter, emit in splitter.flushPending(emit) }
    }

    /// Whether the child wrote bytes that have not been read yet.
    private func bytesWaitingInPipe() -> Bool {
        var available: Int32 = 0
        return ioctl(self.fd, UInt(FIONREAD), &available) == 0 && available > 0
    }

    /// Runs `produce` with a line sink that formats each line into the batch buffers and the
    /// ring buffer, then writes the batch: one write to the output, one to the log file.
    private func emitBatch(
        _ produce: (inout LineSplitter, (UnsafeRawBufferPointer) -> Void) -> Void
    ) {
        let output = self.scratch.output
        let file = self.scratch.file
        let writeFile = self.serviceLog.hasFile
        let now = WallClock.now()
        let stamp = self.scratch.timestamps.stamp(for: now.seconds)
        self.template.render(into: &self.outputPrefix, stamp: stamp)
        if writeFile {
            self.template.renderFile(into: &self.filePrefix, stamp: stamp)
        }
        let nameID = self.nameID
        let time = now.secondsSince1970
        let lineObserver = self.lineObserver
        let followers = self.multiplexer.followers.isEmpty ? nil : self.multiplexer.followers
        var followed: [LogLine] = []
        let displayName = self.displayName
        let lineTime = Date(timeIntervalSince1970: time)
        self.outputPrefix.withUnsafeBytes { outputPrefix in
            self.filePrefix.withUnsafeBytes { filePrefix in
                self.template.lineEnd.withUnsafeBytes { lineEnd in
                    self.serviceLog.ring.withLock { ring in
                        produce(&self.splitter) { line in
                            output.append(outputPrefix)
                            output.append(line)
                            output.append(lineEnd)
                            if writeFile {
                                file.append(filePrefix)
                                file.append(line)
                                file.append(0x0A)
                            }
                            ring.append(line, time: time, nameID: nameID)
                            lineObserver?(String(decoding: line, as: UTF8.self))
                            if followers != nil {
                                followed.append(
                                    LogLine(
                                        displayName: displayName, text: String(decoding: line, as: UTF8.self),
                                        time: lineTime))
                            }
                        }
                    }
                }
            }
        }
        if let followers, !followed.isEmpty {
            followers.publish(service: self.serviceLog.service, lines: followed)
        }
        if output.count > 0 {
            self.multiplexer.writer.write(output.bytes)
            output.removeAll()
        }
        if file.count > 0 {
            if let error = self.serviceLog.writeFile(file.bytes) {
                self.multiplexer.system(error.description, level: .error)
            }
            file.removeAll()
        }
    }
}
