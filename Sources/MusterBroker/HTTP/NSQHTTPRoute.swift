import Hummingbird

/// The endpoints of nsqd's HTTP API (`shared/protocols.md` §2.2) and the methods each accepts.
enum NSQHTTPRoute: Sendable {
    case ping, info, publish, multiPublish, stats
    case createTopic, deleteTopic, emptyTopic, pauseTopic, unpauseTopic
    case createChannel, deleteChannel, emptyChannel, pauseChannel, unpauseChannel

    /// The route and accepted methods of `path`, including nsqd's deprecated aliases.
    static func match(_ path: String) -> (route: NSQHTTPRoute, methods: [HTTPRequest.Method])? {
        if let route = current[path] { return (route, route.methods) }
        if let route = deprecated[path] { return (route, route.deprecatedMethods) }
        return nil
    }

    private static let current: [String: NSQHTTPRoute] = [
        "/ping": .ping, "/info": .info, "/pub": .publish, "/mpub": .multiPublish, "/stats": .stats,
        "/topic/create": .createTopic, "/topic/delete": .deleteTopic, "/topic/empty": .emptyTopic,
        "/topic/pause": .pauseTopic, "/topic/unpause": .unpauseTopic,
        "/channel/create": .createChannel, "/channel/delete": .deleteChannel, "/channel/empty": .emptyChannel,
        "/channel/pause": .pauseChannel, "/channel/unpause": .unpauseChannel,
    ]

    private static let deprecated: [String: NSQHTTPRoute] = [
        "/put": .publish, "/mput": .multiPublish,
        "/create_topic": .createTopic, "/delete_topic": .deleteTopic, "/empty_topic": .emptyTopic,
        "/pause_topic": .pauseTopic, "/unpause_topic": .unpauseTopic,
        "/create_channel": .createChannel, "/delete_channel": .deleteChannel, "/empty_channel": .emptyChannel,
        "/pause_channel": .pauseChannel, "/unpause_channel": .unpauseChannel,
    ]

    private var methods: [HTTPRequest.Method] {
        switch self {
        case .ping, .info, .stats: [.get]
        default: [.post]
        }
    }

    private var deprecatedMethods: [HTTPRequest.Method] {
        switch self {
        case .publish, .multiPublish: [.post]
        default: [.get, .post]
        }
    }
}
