/// The plain-text `/stats` answer, laid out like nsqd's.
enum NSQStatsText {
    static func render(_ document: NSQStatsDocument, uptimeSeconds: Int64) -> String {
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
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
