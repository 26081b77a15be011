import NIOCore
import ServiceLifecycle

extension DNSServer {
    /// Answers every datagram with one datagram, until the UDP channel closes.
    func serveDatagrams(_ datagrams: DatagramChannel) async throws {
        try await datagrams.executeThenClose { inbound, outbound in
            for try await envelope in inbound {
                let packet = Array(envelope.data.readableBytesView)
                guard let query = responder.prepare(packet) else { continue }
                let reply = await responder.respond(to: query, transport: .udp, directory: directory)
                do {
                    try await outbound.write(
                        AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: reply)))
                } catch {
                    logger.debug("The DNS responder could not send a UDP reply to \(envelope.remoteAddress): \(error)")
                }
            }
        }
    }

    /// Accepts TCP connections until the listener closes, serving each in its own task.
    func serveConnections(_ listener: ListenerChannel) async throws {
        try await listener.executeThenClose { connections in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in connections {
                    group.addTask { await self.serve(connection) }
                }
            }
        }
    }

    /// Answers the queries of one connection in order; malformed input closes it.
    private func serve(_ connection: StreamChannel) async {
        do {
            try await withTaskCancellationOrGracefulShutdownHandler {
                try await connection.executeThenClose { inbound, outbound in
                    for try await frame in inbound {
                        guard let query = responder.prepare(Array(frame.readableBytesView)) else { return }
                        let reply = await responder.respond(to: query, transport: .tcp, directory: directory)
                        var buffer = ByteBuffer()
                        buffer.writeInteger(UInt16(reply.count))
                        buffer.writeBytes(reply)
                        try await outbound.write(buffer)
                        if query.isMalformed { return }
                    }
                }
            } onCancelOrGracefulShutdown: {
                connection.channel.close(promise: nil)
            }
        } catch {
            logger.debug("A DNS-over-TCP connection ended: \(error)")
        }
    }
}
