/// The plain-text `/stats` answer, laid out like nsqd's.
enum NSQStatsText {
    static func render(_ document: NSQStatsDocument, now: Int64) -> String {
        let uptimeSeconds = max(0, now - document.start_time)
        var lines = [
            "nsqd v\(document.version) (muster)", "start_time \(document.start_time)", "uptime \(uptimeSeconds)s",
        ]
        guard !document.topics.isEmpty else { return (lines + ["", "NO_TOPICS", ""]).joined(separator: "\n") }
        lines += ["", "Health: \(document.health)"]
        for topic in document.topics {
            lines.append("")
            lines.append(
                "\(topic.paused ? "*P " : "   ")[\(pad(topic.topic_name, 15))] depth: \(pad(topic.depth, 5)) "
                    + "be-depth: \(pad(0, 5)) msgs: \(pad(topic.message_count, 8)) dropped: \(topic.dropped_count)")
            for channel in topic.channels {
                lines.append(
                    "\(channel.paused ? "   *P " : "      ")[\(pad(channel.channel_name, 25))] "
                        + "depth: \(pad(channel.depth, 5)) be-depth: \(pad(0, 5)) "
                        + "inflt: \(pad(channel.in_flight_count, 4)) def: \(pad(channel.deferred_count, 4)) "
                        + "re-q: \(pad(channel.requeue_count, 5)) timeout: \(pad(channel.timeout_count, 5)) "
                        + "msgs: \(pad(channel.message_count, 8)) clients: \(channel.client_count) "
                        + "dropped: \(channel.dropped_count)")
                for client in channel.clients { lines.append("        " + line(for: client, now: now)) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A consumer line as nsqd prints it: `[V2 host:port agent] state: 3 inflt: ... connected: 5s`.
    private static func line(for client: NSQStatsDocument.Client, now: Int64) -> String {
        let port = client.remote_address.split(separator: ":").last.map(String.init) ?? ""
        let id = "\(client.hostname):\(port) \(client.user_agent)"
        return "[\(client.version) \(pad(id, 21))] state: \(client.state) inflt: \(pad(client.in_flight_count, 4)) "
            + "rdy: \(pad(client.ready_count, 4)) fin: \(pad(client.finish_count, 8)) "
            + "re-q: \(pad(client.requeue_count, 8)) msgs: \(pad(client.message_count, 8)) "
            + "connected: \(goDuration(seconds: max(0, now - client.connect_ts)))"
    }

    /// A whole-second duration as Go prints it: `0s`, `42s`, `3m5s`, `2h0m7s`.
    static func goDuration(seconds: Int64) -> String {
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        if hours > 0 { return "\(hours)h\(minutes)m\(rest)s" }
        if minutes > 0 { return "\(minutes)m\(rest)s" }
        return "\(rest)s"
    }

    private static func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
