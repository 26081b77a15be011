import Logging
import MusterRegistry
import MusterTesting
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Runs a `DNSServer` for the duration of `body`, then shuts it down gracefully (which must
/// complete even with TCP connections still open).
func withDNSServer<R: Sendable>(
    _ directory: DNSTestDirectory, port: Int = 0, fallsBackToAnyPort: Bool = false,
    idleTimeout: TimeAmount = .seconds(30), _ body: @Sendable (DNSServer, Int) async throws -> R
) async throws -> R {
    let server = try await DNSServer.bind(
        port: port, fallsBackToAnyPort: fallsBackToAnyPort, directory: directory, idleTimeout: idleTimeout)
    return try await withRunningServices([server]) { try await body(server, server.port) }
}

/// Raw DNS exchanges over real sockets.
enum DNSSocketClient {
    /// Sends `noise` then `packet` to 127.0.0.1:`port` over UDP from one socket and returns the
    /// reply with `packet`'s ID, nil when none came within `seconds`. With `resendEvery`, the
    /// packet is sent again at that interval until answered, as resolvers do: after a flood of
    /// noise, the kernel may drop datagrams that a loaded server has not read yet.
    static func udpExchange(
        _ packet: [UInt8], port: Int, sendingFirst noise: [[UInt8]] = [], resendEvery: Duration? = nil,
        seconds: Int64 = 30
    ) async throws -> [UInt8]? {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let timeout = channel.channel.eventLoop.scheduleTask(in: .seconds(seconds)) {
            channel.channel.close(promise: nil)
        }
        defer { timeout.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            let server = try SocketAddress(ipAddress: "127.0.0.1", port: port)
            for datagram in noise + [packet] {
                try await outbound.write(AddressedEnvelope(remoteAddress: server, data: ByteBuffer(bytes: datagram)))
            }
            return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
                if let resendEvery {
                    group.addTask {
                        while true {
                            try await Task.sleep(for: resendEvery)
                            try await outbound.write(
                                AddressedEnvelope(remoteAddress: server, data: ByteBuffer(bytes: packet)))
                        }
                    }
                }
                group.addTask {
                    for try await reply in inbound where reply.data.readableBytesView.starts(with: packet.prefix(2)) {
                        return Array(reply.data.readableBytesView)
                    }
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        }
    }

    /// Opens a TCP connection to 127.0.0.1:`port` for `body`; the connection is closed after
    /// `seconds` at the latest.
    static func withTCPConnection<R: Sendable>(
        port: Int, seconds: Int64 = 30, _ body: (inout DNSTCPConnection) async throws -> R
    ) async throws -> R {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let expired = DNSExpiryFlag()
        let timeout = channel.channel.eventLoop.scheduleTask(in: .seconds(seconds)) {
            expired.value.store(true, ordering: .sequentiallyConsistent)
            channel.channel.close(promise: nil)
        }
        defer { timeout.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = DNSTCPConnection(
                inbound: inbound.makeAsyncIterator(), outbound: outbound,
                hasExpired: { expired.value.load(ordering: .sequentiallyConsistent) })
            return try await body(&connection)
        }
    }
}

/// One DNS-over-TCP connection: writes raw bytes, reads length-prefixed messages.
struct DNSTCPConnection {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let hasExpired: () -> Bool
    var pending: [UInt8] = []

    /// Sends `packet` with its 2-byte length prefix.
    func send(_ packet: [UInt8]) async throws {
        try await sendRaw([UInt8(packet.count >> 8), UInt8(packet.count & 0xFF)] + packet)
    }

    /// Sends `bytes` as they are.
    func sendRaw(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// The next message, nil when the server closed the connection first; throws when the
    /// connection's deadline passed.
    mutating func receive() async throws -> [UInt8]? {
        let message = try await receiveOrClose()
        if message == nil, hasExpired() { throw DNSTestTimeout() }
        return message
    }

    private mutating func receiveOrClose() async throws -> [UInt8]? {
        while true {
            if pending.count >= 2 {
                let length = Int(pending[0]) << 8 | Int(pending[1])
                if pending.count >= 2 + length {
                    defer { pending.removeFirst(2 + length) }
                    return Array(pending[2..<2 + length])
                }
            }
            do {
                guard let buffer = try await inbound.next() else { return nil }
                pending += buffer.readableBytesView
            } catch let error as ChannelError where error == .eof || error == .ioOnClosedChannel {
                return nil
            }
        }
    }

    /// Whether the server closed the connection without sending anything more.
    mutating func isClosedByServer() async throws -> Bool {
        try await receive() == nil
    }
}

/// Whether a test connection's deadline passed.
final class DNSExpiryFlag: Sendable {
    let value = Atomic<Bool>(false)
}

/// Thrown when a test connection's deadline passes before the server replied or closed.
struct DNSTestTimeout: Error, CustomStringConvertible {
    var description: String { "timed out waiting for a DNS-over-TCP reply or for the server to close the connection" }
}
