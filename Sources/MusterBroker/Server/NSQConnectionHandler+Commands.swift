import NIOCore

/// Command dispatch for one connection (`shared/protocols.md` §1.4, §1.5).
extension NSQConnectionHandler {
    func handle(_ command: NSQCommand) throws {
        switch command {
        case .identify(let body):
            try requireState([.initial], command)
            try identity.apply(body, limits: limits)
            if let context { startHeartbeats(context: context) }
            respond(identity.featureNegotiation ? identity.responseJSON(limits: limits) : "OK")
        case .auth:
            try requireState([.initial], command)
            throw NSQProtocolError("E_AUTH_DISABLED", "AUTH disabled")
        case .subscribe(let topic, let channel):
            try requireState([.initial], command)
            guard identity.heartbeatIntervalMilliseconds > 0 else {
                throw NSQProtocolError.invalid("cannot SUB with heartbeats disabled")
            }
            guard let context else { return }
            engine.subscribe(
                consumer, topic: topic, channel: channel,
                messageTimeoutMilliseconds: identity.messageTimeoutMilliseconds, description: description(of: context),
                sink: ConnectionSink(handler: self, eventLoop: context.eventLoop))
            state = .subscribed
            respond("OK")
        case .publish(let topic, let body):
            respond("OK")
            engine.publish(topic: topic, bodies: [body])
        case .multiPublish(let topic, let bodies):
            respond("OK")
            engine.publish(topic: topic, bodies: bodies)
        case .deferredPublish(let topic, let delay, let body):
            respond("OK")
            engine.publish(topic: topic, bodies: [body], deferMilliseconds: delay)
        case .ready(let count):
            if state == .closing { return }
            try requireState([.subscribed], command)
            engine.ready(consumer, count: count)
        case .finish(let raw):
            try requireState([.subscribed, .closing], command)
            // Parsable ids are batched in channelRead; only an unparsable one gets here.
            fail(NSQProtocolError("E_FIN_FAILED", "FIN \(String(buffer: raw)) failed ID not in flight"))
        case .requeue(let raw, let delay):
            try requireState([.subscribed, .closing], command)
            let reason = MessageID(hex: raw).map { engine.requeue(consumer, id: $0, delayMilliseconds: delay) }
            if let reason = reason ?? "ID not in flight" {
                fail(NSQProtocolError("E_REQ_FAILED", "REQ \(String(buffer: raw)) failed \(reason)"))
            }
        case .touch(let raw):
            try requireState([.subscribed, .closing], command)
            let reason = MessageID(hex: raw).map { engine.touch(consumer, id: $0) }
            if let reason = reason ?? "ID not in flight" {
                fail(NSQProtocolError("E_TOUCH_FAILED", "TOUCH \(String(buffer: raw)) failed \(reason)"))
            }
        case .close:
            try requireState([.subscribed], command)
            engine.startClosing(consumer)
            state = .closing
            respond("CLOSE_WAIT")
        case .nop:
            return
        }
    }

    /// The client's identity for the stats, with nsqd's defaults for what IDENTIFY did not say.
    private func description(of context: ChannelHandlerContext) -> NSQClientDescription {
        let remote = context.channel.remoteAddress
        let host = remote?.ipAddress ?? ""
        let address = remote.map { host.contains(":") ? "[\(host)]:\($0.port ?? 0)" : "\(host):\($0.port ?? 0)" } ?? ""
        return NSQClientDescription(
            clientID: identity.clientID ?? host, hostname: identity.hostname ?? host, userAgent: identity.userAgent,
            remoteAddress: address, connectTime: connectTime, sampleRate: Int(identity.sampleRate))
    }

    private func requireState(_ allowed: [State], _ command: NSQCommand) throws {
        guard allowed.contains(state) else {
            throw NSQProtocolError.invalid("cannot \(command.name) in current state")
        }
    }
}
