import ArgumentParser
import MusterBroker
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `muster sub`: print the messages of a topic as they arrive.
struct SubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sub",
        abstract: "Print the messages of a topic as they arrive, one per line.",
        discussion: """
            Subscribes to TOPIC on an ephemeral channel of its own (so it takes nothing away from \
            the stack's consumers, and the channel disappears when it exits), or on --channel, \
            sharing that channel's messages with its other consumers. Each message is printed, \
            then acknowledged. The broker is the running stack's (or --nsqd-tcp-address, \
            $NSQD_TCP_ADDRESS, 127.0.0.1:4150).

            Examples:
              muster sub results
              muster sub sensor_data --channel worker
              muster sub results -n 10 > first-ten.txt
            """)

    @OptionGroup var broker: BrokerAddressOptions

    @Argument(help: "The topic.")
    var topic: String

    @Option(help: "The channel (default: a new ephemeral one, muster-sub-NNNNNN#ephemeral).")
    var channel: String?

    @Option(name: [.customShort("n"), .customLong("count")], help: "Exit after this many messages.")
    var count: Int?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        try BrokerAddressOptions.validateName(topic, as: "topic")
        if let channel { try BrokerAddressOptions.validateName(channel, as: "channel") }
    }

    func run() async throws {
        let address = try await broker.resolve()
        let channel = self.channel ?? "muster-sub-\(Int.random(in: 100_000...999_999))#ephemeral"
        do {
            try await NSQClientSession.withSession(host: address.host, port: address.port) { session in
                try await session.subscribe(to: topic, channel: channel, ready: min(count ?? 100, 100))
                printError("subscribed to \(topic) on channel \(channel) at \(address.host):\(address.port)")
                var received = 0
                while let message = try await session.nextMessage() {
                    var line = message.body
                    line.writeInteger(UInt8(ascii: "\n"))
                    try Self.writeToStandardOutput(line)
                    try await session.finish(message)
                    received += 1
                    if let count, received >= count { break }
                }
            }
        } catch {
            throw address.fail(error)
        }
    }

    /// Writes all of `buffer` to file descriptor 1.
    private static func writeToStandardOutput(_ buffer: ByteBuffer) throws {
        var remaining = buffer.readableBytesView[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ExitCode(1)
            }
            remaining = remaining.dropFirst(written)
        }
    }
}
