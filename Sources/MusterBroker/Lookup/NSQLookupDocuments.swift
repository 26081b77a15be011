import MusterNet

/// A producer object of nsqlookupd (`shared/protocols.md` §3.1): the embedded nsqd.
struct NSQLookupProducer: Encodable, Sendable {
    var remote_address: String
    var hostname = HostName.current
    var broadcast_address = "127.0.0.1"
    var tcp_port: Int
    var http_port: Int
    var version = MusterBroker.nsqdVersion
    var topology_zone = ""
    var topology_region = ""

    init(tcpPort: Int, httpPort: Int) {
        remote_address = "127.0.0.1:\(tcpPort)"
        tcp_port = tcpPort
        http_port = httpPort
    }
}

/// The `/lookup` answer.
struct NSQLookupDocument: Encodable, Sendable {
    var channels: [String]
    var producers: [NSQLookupProducer]
}

/// A node of `/nodes`: a producer with the topics it has and their tombstone flags.
struct NSQLookupNode: Encodable, Sendable {
    var remote_address: String
    var hostname: String
    var broadcast_address: String
    var tcp_port: Int
    var http_port: Int
    var version: String
    var tombstones: [Bool]
    var topics: [String]

    init(_ producer: NSQLookupProducer, topics: [String]) {
        remote_address = producer.remote_address
        hostname = producer.hostname
        broadcast_address = producer.broadcast_address
        tcp_port = producer.tcp_port
        http_port = producer.http_port
        version = producer.version
        tombstones = Array(repeating: false, count: topics.count)
        self.topics = topics
    }
}
