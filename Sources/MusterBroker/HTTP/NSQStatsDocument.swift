import MusterNet

/// The `/stats?format=json` document of nsqd 1.3 (`shared/protocols.md` §2.3), plus Muster's drop counts.
struct NSQStatsDocument: Encodable, Sendable {
    struct Latency: Encodable, Sendable {
        var count = 0

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(count, forKey: .count)
            try container.encodeNil(forKey: .percentiles)
        }

        enum CodingKeys: String, CodingKey { case count, percentiles }
    }

    struct Channel: Encodable, Sendable {
        var channel_name: String
        var depth: Int
        var backend_depth = 0
        var in_flight_count: Int
        var deferred_count: Int
        var message_count: UInt64
        var requeue_count: UInt64
        var timeout_count: UInt64
        var dropped_count: UInt64
        var client_count: Int
        var clients: [Client]
        var paused: Bool
        var e2e_processing_latency = Latency()
    }

    /// A subscribed connection, with nsqd's keys in nsqd's order.
    struct Client: Encodable, Sendable {
        var client_id: String
        var hostname: String
        var version = "V2"
        var remote_address: String
        var state: Int
        var ready_count: Int
        var in_flight_count: Int
        var message_count: UInt64
        var finish_count: UInt64
        var requeue_count: UInt64
        var connect_ts: Int64
        var sample_rate: Int
        var deflate = false
        var snappy = false
        var user_agent: String
        var tls = false
        var tls_cipher_suite = ""
        var tls_version = ""
        var tls_negotiated_protocol = ""
        var tls_negotiated_protocol_is_mutual = false
        var topology_zone = ""
        var topology_region = ""

        init(_ stats: ClientStats) {
            let description = stats.description
            client_id = description.clientID
            hostname = description.hostname
            remote_address = description.remoteAddress
            state = stats.state
            ready_count = stats.readyCount
            in_flight_count = stats.inFlightCount
            message_count = stats.messageCount
            finish_count = stats.finishCount
            requeue_count = stats.requeueCount
            connect_ts = description.connectTime
            sample_rate = description.sampleRate
            user_agent = description.userAgent
        }
    }

    struct Topic: Encodable, Sendable {
        var topic_name: String
        var channels: [Channel]
        var depth: Int
        var backend_depth = 0
        var message_count: UInt64
        var message_bytes: UInt64 = 0
        var dropped_count: UInt64
        var paused: Bool
        var e2e_processing_latency = Latency()
    }

    struct Memory: Encodable, Sendable {
        var heap_objects = 0
        var heap_idle_bytes = 0
        var heap_in_use_bytes = 0
        var heap_released_bytes = 0
        var gc_pause_usec_100 = 0
        var gc_pause_usec_99 = 0
        var gc_pause_usec_95 = 0
        var next_gc_bytes = 0
        var gc_total_runs = 0
    }

    var version = MusterBroker.nsqdVersion
    var health = "OK"
    var start_time: Int64
    var topics: [Topic]
    var memory: Memory?
    var producers: [String] = []

    /// The document for `stats`, filtered like nsqd by `topic` and `channel` names when given.
    init(
        stats: BrokerStats, startTime: Int64, topic: String?, channel: String?, includeClients: Bool = true,
        includeMemory: Bool
    ) {
        var selected = stats.topics
        if let topic, !topic.isEmpty, var match = selected.first(where: { $0.name == topic }) {
            if let channel, !channel.isEmpty, let only = match.channels.first(where: { $0.name == channel }) {
                match.channels = [only]
            }
            selected = [match]
        }
        start_time = startTime
        memory = includeMemory ? Memory() : nil
        topics = selected.map { topic in
            Topic(
                topic_name: topic.name,
                channels: topic.channels.map { channel in
                    Channel(
                        channel_name: channel.name, depth: channel.depth, in_flight_count: channel.inFlightCount,
                        deferred_count: channel.deferredCount, message_count: channel.messageCount,
                        requeue_count: channel.requeueCount, timeout_count: channel.timeoutCount,
                        dropped_count: channel.droppedCount, client_count: channel.clientCount,
                        clients: includeClients ? channel.clients.map(Client.init) : [], paused: channel.paused)
                },
                depth: topic.depth, message_count: topic.messageCount, dropped_count: topic.droppedCount,
                paused: topic.paused)
        }
    }
}

/// The `/info` document of nsqd 1.3 (`shared/protocols.md` §2.4); durations in Go nanoseconds.
struct NSQInfoDocument: Encodable, Sendable {
    var version = MusterBroker.nsqdVersion
    var broadcast_address = "127.0.0.1"
    var hostname = HostName.current
    var http_port: Int
    var tcp_port: Int
    var start_time: Int64
    var max_heartbeat_interval: Int64
    var max_output_buffer_size = 65_536
    var max_output_buffer_timeout: Int64 = 30_000_000_000
    var max_deflate_level = 6
    var topology_zone = ""
    var topology_region = ""
}
