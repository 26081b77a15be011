/// The state of one topic: its channels and the backlog kept while it has none or is paused.
struct TopicState: Sendable {
    struct Pending: Sendable {
        var message: NSQMessage
        var deferNanoseconds: UInt64
    }

    let name: String
    let isEphemeral: Bool
    var channels: [String: ChannelState] = [:]
    var backlog = MessageQueue<Pending>()
    var paused = false
    var messageCount: UInt64 = 0
    var droppedCount: UInt64 = 0

    init(name: String) {
        self.name = name
        self.isEphemeral = NSQName.isEphemeral(name)
    }

    var holdsMessages: Bool { channels.isEmpty || paused }

    /// Buffers a message while the topic has no channel or is paused.
    mutating func buffer(_ pending: Pending, cap: Int) -> Bool {
        guard backlog.count < cap else {
            droppedCount += 1
            return false
        }
        backlog.append(pending)
        return true
    }
}
