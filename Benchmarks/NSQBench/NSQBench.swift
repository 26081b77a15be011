import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `muster-nsq-bench`: throughput and latency of any NSQ-compatible nsqd, over its TCP protocol.
@main
struct NSQBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "muster-nsq-bench",
        abstract: "Measure an NSQ-compatible broker (nsqd or muster broker) over the NSQ V2 TCP protocol.",
        subcommands: [Throughput.self, Latency.self],
        defaultSubcommand: Throughput.self)
}

/// Options every mode shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "The nsqd TCP address.")
    var nsqdTcp = "127.0.0.1:4150"

    @Option(help: "The topic (default: a new one per run, bench_<pid>_<time>).")
    var topic: String?

    @Option(help: "The channel the consumer subscribes to.")
    var channel = "ch"

    @Option(help: "The message size in bytes.")
    var size = 200

    @Option(help: "The consumer's RDY count.")
    var rdy = 2500

    var topicName: String { topic ?? "bench_\(getpid())_\(MonotonicClock.now() / 1_000_000 % 1_000_000_000)" }
}

extension NSQBench {
    /// MPUB batches from one publisher while one consumer finishes every message.
    struct Throughput: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One publisher (MPUB batches) and one consumer (FIN every message) at the same time.")

        @OptionGroup var common: CommonOptions

        @Option(help: "How many messages to publish (ignored with --duration).")
        var messages = 2_000_000

        @Option(help: "Publish for this many seconds instead of a fixed number of messages.")
        var duration: Double?

        @Option(help: "Messages per MPUB.")
        var batch = 200

        @Option(help: "MPUBs sent before waiting for their OK (1: like nsq's bench_writer).")
        var pipeline = 1

        func run() throws {
            let run = ThroughputRun(
                address: common.nsqdTcp, topic: common.topicName, channel: common.channel, messages: messages,
                durationSeconds: duration, size: common.size, batch: batch, ready: common.rdy, pipeline: pipeline)
            let result = try run.run()
            let inRate = Double(result.published) / result.publishSeconds
            let outRate = Double(result.consumed) / max(result.consumeSeconds, 1e-9)
            print(
                "throughput \(common.nsqdTcp): \(result.published) messages of \(common.size) B, MPUB \(batch), RDY \(common.rdy)"
            )
            print(
                "  in:  \(result.published) published and acknowledged in \(format(result.publishSeconds, 3)) s = \(format(inRate, 0)) msg/s (\(format(inRate * Double(common.size) / 1e6, 1)) MB/s)"
            )
            print(
                "  out: \(result.consumed) consumed and finished in \(format(result.consumeSeconds, 3)) s = \(format(outRate, 0)) msg/s (\(result.redelivered) redelivered)"
            )
            print(
                "result in_per_s=\(Int(inRate)) out_per_s=\(Int(outRate)) published=\(result.published) consumed=\(result.consumed)"
            )
            if result.consumed < result.published {
                throw BenchError("Only \(result.consumed) of \(result.published) published messages arrived.")
            }
        }
    }

    /// PUBs at a fixed rate, timestamped, and the consumer's view of their delay.
    struct Latency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish at a fixed rate and report end-to-end latency percentiles.")

        @OptionGroup var common: CommonOptions

        @Option(help: "Messages per second.")
        var rate = 10_000

        @Option(help: "Seconds of publishing.")
        var duration = 10.0

        @Option(help: "Seconds at the start whose messages are not measured.")
        var warmup = 1.0

        @Option(help: "Write each measured message's send time and latency (ms, two columns) to this file.")
        var dump: String?

        func run() throws {
            let run = LatencyRun(
                address: common.nsqdTcp, topic: common.topicName, channel: common.channel, rate: rate,
                durationSeconds: duration, warmupSeconds: warmup, size: common.size, ready: common.rdy)
            let result = try run.run()
            if let dump { try writeTimeline(result.timeline, to: dump) }
            let (p50, p99, p999, maximum) = (
                result.percentile(0.5), result.percentile(0.99), result.percentile(0.999), result.percentile(1)
            )
            print(
                "latency \(common.nsqdTcp): \(rate) msg/s for \(format(duration, 1)) s, \(common.size) B, RDY \(common.rdy)"
            )
            print(
                "  \(result.latencies.count) measured (after \(format(warmup, 1)) s warm-up): p50 \(format(p50, 3)) ms, p99 \(format(p99, 3)) ms, p99.9 \(format(p999, 3)) ms, max \(format(maximum, 3)) ms"
            )
            print(
                "result p50_ms=\(format(p50, 3)) p99_ms=\(format(p99, 3)) p999_ms=\(format(p999, 3)) max_ms=\(format(maximum, 3)) published=\(result.published) consumed=\(result.consumed)"
            )
            if result.consumed < result.published {
                throw BenchError("Only \(result.consumed) of \(result.published) published messages arrived.")
            }
        }
    }
}

/// `value` with `digits` decimals.
func format(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    guard digits > 0 else { return String(Int(rounded)) }
    let whole = Int(rounded)
    let fraction = Int(((rounded - Double(whole)) * scale).rounded().magnitude)
    let text = String(fraction)
    return "\(whole).\(String(repeating: "0", count: digits - text.count))\(text)"
}

/// Writes `sent latency` lines in milliseconds.
func writeTimeline(_ timeline: [(sent: UInt64, latency: UInt64)], to path: String) throws {
    guard let file = fopen(path, "w") else { throw BenchError("\(path) could not be opened for writing.") }
    defer { fclose(file) }
    for point in timeline {
        fputs("\(format(Double(point.sent) / 1e6, 3)) \(format(Double(point.latency) / 1e6, 3))\n", file)
    }
}
