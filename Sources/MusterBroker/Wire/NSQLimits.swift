/// The protocol limits and defaults of `shared/protocols.md` §1.10, shared by the codec, engine and server.
public struct NSQLimits: Sendable, Equatable {
    /// The largest single message body accepted (PUB, DPUB, each MPUB message), in bytes.
    public var maxMessageSize: Int = 1 << 20
    /// The largest command body accepted (IDENTIFY, AUTH, MPUB), in bytes.
    public var maxBodySize: Int = 5 << 20
    /// The longest REQ delay and DPUB deferral, in milliseconds.
    public var maxRequeueTimeoutMilliseconds: Int64 = 3_600_000
    /// The largest RDY count a client may send.
    public var maxReadyCount: Int = 2500
    /// The default in-flight timeout, in milliseconds.
    public var defaultMessageTimeoutMilliseconds: Int64 = 60_000
    /// The largest in-flight timeout a client may negotiate, in milliseconds.
    public var maxMessageTimeoutMilliseconds: Int64 = 900_000
    /// The default heartbeat interval, in milliseconds (client_timeout / 2).
    public var defaultHeartbeatIntervalMilliseconds: Int64 = 30_000
    /// The largest heartbeat interval a client may negotiate, in milliseconds.
    public var maxHeartbeatIntervalMilliseconds: Int64 = 60_000
    /// The longest command line accepted without a newline, in bytes.
    public var maxCommandLineLength: Int = 1024

    /// Creates the nsqd 1.3 defaults.
    public init() {}
}
