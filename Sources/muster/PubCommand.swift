import ArgumentParser
import MusterBroker
import NIOCore

/// `muster pub`: publish to a topic of the running stack's broker.
struct PubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pub",
        abstract: "Publish a message to a topic of the broker.",
        discussion: """
            With MESSAGE, publishes it as one message. Without, publishes every non-empty line of \
            standard input as a message (in MPUB batches), as nsq's to_nsq does. The broker is the \
            running stack's (or --nsqd-tcp-address, $NSQD_TCP_ADDRESS, 127.0.0.1:4150).

            Examples:
              muster pub sensor_data 42
              seq 1 1000 | muster pub numbers
              muster pub events '{"kind":"deploy"}' --nsqd-tcp-address 127.0.0.1:4250
            """)

    @OptionGroup var broker: BrokerAddressOptions

    @Argument(help: "The topic (1–64 characters of letters, digits, '.', '_', '-'; '#ephemeral' suffix allowed).")
    var topic: String

    @Argument(help: "The message; when omitted, each line of standard input is one message.")
    var message: String?

    func validate() throws {
        try BrokerAddressOptions.validateName(topic, as: "topic")
    }

    /// Most messages in one MPUB.
    private static let batchCount = 200
    /// Most body bytes in one MPUB (well under nsqd's 5 MiB default).
    private static let batchBytes = 1 << 20

    func run() async throws {
        let address = try await broker.resolve()
        do {
            let count = try await NSQClientSession.withSession(host: address.host, port: address.port) { session in
                if let message {
                    try await session.publish(ByteBuffer(string: message), to: topic)
                    return 1
                }
                return try await publishStandardInput(&session)
            }
            printError(
                "published \(count) message\(count == 1 ? "" : "s") to \(topic) at \(address.host):\(address.port)")
        } catch {
            throw address.fail(error)
        }
    }

    /// Publishes the non-empty lines of standard input in batches; returns how many.
    private func publishStandardInput(_ session: inout NSQClientSession) async throws -> Int {
        var batch: [ByteBuffer] = []
        var batchSize = 0
        var total = 0
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            batch.append(ByteBuffer(string: line))
            batchSize += line.utf8.count
            if batch.count == Self.batchCount || batchSize >= Self.batchBytes {
                try await session.publish(batch, to: topic)
                total += batch.count
                batch.removeAll(keepingCapacity: true)
                batchSize = 0
            }
        }
        if !batch.isEmpty {
            try await session.publish(batch, to: topic)
            total += batch.count
        }
        return total
    }
}
