import MusterNet

/// What a consumer connection said about itself in IDENTIFY and where it connects from, for `/stats`
/// (`shared/protocols.md` §2.3) and sampling (§1.8).
public struct NSQClientDescription: Sendable, Equatable {
    /// The IDENTIFY `client_id` (nsqd's default before IDENTIFY: the remote host).
    public var clientID: String
    /// The IDENTIFY `hostname` (nsqd's default before IDENTIFY: the remote host).
    public var hostname: String
    /// The IDENTIFY `user_agent`.
    public var userAgent: String
    /// The remote `ip:port`.
    public var remoteAddress: String
    /// When the connection was accepted, in Unix seconds.
    public var connectTime: Int64
    /// The IDENTIFY `sample_rate`: the percentage of messages to deliver (0 means all).
    public var sampleRate: Int

    /// Creates a description.
    public init(
        clientID: String = "", hostname: String = "", userAgent: String = "", remoteAddress: String = "",
        connectTime: Int64 = 0, sampleRate: Int = 0
    ) {
        self.clientID = clientID
        self.hostname = hostname
        self.userAgent = userAgent
        self.remoteAddress = remoteAddress
        self.connectTime = connectTime
        self.sampleRate = sampleRate
    }
}

/// The per-client detail of `/stats`: a subscribed connection with its counters.
public struct ClientStats: Sendable, Equatable {
    /// The connection's identity.
    public var description: NSQClientDescription
    /// nsqd's client state: 3 subscribed, 4 closing (after CLS).
    public var state: Int
    /// The client's RDY count.
    public var readyCount: Int
    /// Messages sent to the client and not yet finished, requeued or timed out.
    public var inFlightCount: Int
    /// Messages sent to the client.
    public var messageCount: UInt64
    /// Messages the client finished.
    public var finishCount: UInt64
    /// Messages the client requeued.
    public var requeueCount: UInt64
}

/// The random draws of sampling: nsqd skips a message for a client when a draw in `0..<100` exceeds
/// its sample rate (so rate 30 keeps 31 %). SplitMix64, cheap enough for the delivery path.
struct SampleGenerator: Sendable {
    private var random = SplitMix64()

    /// Whether a client sampling `rate` percent gets the next message.
    mutating func keeps(rate: Int) -> Bool {
        Int.random(in: 0..<100, using: &random) <= rate
    }
}
