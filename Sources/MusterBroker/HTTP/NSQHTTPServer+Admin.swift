/// `/topic/*` and `/channel/*` (`shared/protocols.md` §2.2), with nsqd's (inconsistent) error codes.
extension NSQHTTPServer {
    func topicAction(_ route: NSQHTTPRoute, _ query: NSQHTTPQuery) -> NSQHTTPReply {
        guard let topic = query["topic"] else { return .error(400, "MISSING_ARG_TOPIC") }
        let found: Bool
        switch route {
        case .createTopic:
            guard NSQName.isValid(topic) else { return .error(400, "INVALID_TOPIC") }
            engine.createTopic(topic)
            found = true
        case .emptyTopic:
            guard NSQName.isValid(topic) else { return .error(400, "INVALID_TOPIC") }
            found = engine.emptyTopic(topic)
        case .deleteTopic:
            found = engine.deleteTopic(topic)
        case .pauseTopic, .unpauseTopic:
            found = engine.setTopicPaused(topic, route == .pauseTopic)
        default:
            return .error(404, "NOT_FOUND")
        }
        return found ? .empty : .error(404, "TOPIC_NOT_FOUND")
    }

    func channelAction(_ route: NSQHTTPRoute, _ query: NSQHTTPQuery) -> NSQHTTPReply {
        guard let topic = query["topic"] else { return .error(400, "MISSING_ARG_TOPIC") }
        guard NSQName.isValid(topic) else { return .error(400, "INVALID_ARG_TOPIC") }
        guard let channel = query["channel"] else { return .error(400, "MISSING_ARG_CHANNEL") }
        guard NSQName.isValid(channel) else { return .error(400, "INVALID_ARG_CHANNEL") }
        guard engine.hasTopic(topic) else { return .error(404, "TOPIC_NOT_FOUND") }
        let found: Bool
        switch route {
        case .createChannel:
            engine.createChannel(topic: topic, channel: channel)
            found = true
        case .deleteChannel:
            found = engine.deleteChannel(topic: topic, channel: channel)
        case .emptyChannel:
            found = engine.emptyChannel(topic: topic, channel: channel)
        case .pauseChannel, .unpauseChannel:
            found = engine.setChannelPaused(topic: topic, channel: channel, route == .pauseChannel)
        default:
            return .error(404, "NOT_FOUND")
        }
        return found ? .empty : .error(404, "CHANNEL_NOT_FOUND")
    }
}
