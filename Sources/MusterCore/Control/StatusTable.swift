#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The text of `muster status`: one aligned row per instance.
public enum StatusTable {
    /// The table: SERVICE, STATE, PID, UPTIME, RESTARTS, PORT, HEALTH, and REASON when some
    /// instance has a reason; `now` is seconds since 1970; `color` colours the state words.
    public static func render(_ status: StackStatus, now: Double, color: Bool) -> String {
        let hasReason = status.instances.contains { $0.reason.map { !$0.isEmpty } ?? false }
        var header = ["SERVICE", "STATE", "PID", "UPTIME", "RESTARTS", "PORT", "HEALTH"]
        if hasReason { header.append("REASON") }
        let rows: [Row] = status.instances.map { instance in
            var row = [
                instance.displayName,
                instance.state.rawValue,
                instance.pid.map(String.init) ?? "-",
                uptime(of: instance, now: now),
                String(instance.restarts),
                instance.port.map(String.init) ?? "-",
                instance.health ?? "-",
            ]
            if hasReason { row.append(instance.reason.map(singleLine) ?? "-") }
            return Row(cells: row, escape: escape(for: instance.state))
        }
        return aligned(header, rows, color: color)
    }

    /// One row of a table: its cells, and the colour of its second one (the state or status word).
    package struct Row {
        /// The cells, in column order.
        package var cells: [String]
        /// The ANSI colour of the second cell, if any.
        package var escape: String?

        /// Creates a row.
        package init(cells: [String], escape: String?) {
            self.cells = cells
            self.escape = escape
        }
    }

    /// `header` and `rows` in aligned columns; with `color`, the second column's words (states,
    /// check statuses) coloured.
    package static func aligned(_ header: [String], _ rows: [Row], color: Bool) -> String {
        let widths = header.indices.map { column in
            ([header] + rows.map(\.cells)).map { $0[column].count }.max() ?? 0
        }
        var output = line(header, widths: widths, stateColor: nil)
        for row in rows {
            output += line(row.cells, widths: widths, stateColor: color ? row.escape : nil)
        }
        return output
    }

    /// `muster status --json`: the document, pretty-printed with sorted keys, ending with a newline.
    public static func json(_ status: StackStatus) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(status), as: UTF8.self) + "\n"
    }

    /// How long the current run has lasted (`3m12s`), or `-` when it is not running.
    public static func uptime(of instance: InstanceStatus, now: Double) -> String {
        guard runningPhases.contains(instance.state), let startedAt = instance.startedAt else { return "-" }
        return elapsed(max(0, now - startedAt))
    }

    /// Whole elapsed seconds in short form: `45s`, `3m12s`, `2h5m`, `3d4h`.
    public static func elapsed(_ seconds: Double) -> String {
        let total = seconds.isFinite ? Int(seconds.rounded(.down)) : 0
        let (days, hours, minutes, rest) = (total / 86_400, total % 86_400 / 3600, total % 3600 / 60, total % 60)
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h\(minutes)m" }
        if minutes > 0 { return "\(minutes)m\(rest)s" }
        return "\(rest)s"
    }

    /// Green: up or done.
    package static let good = "\u{1B}[32m"
    /// Yellow: on the way.
    package static let underway = "\u{1B}[33m"
    /// Red: wrong.
    package static let wrong = "\u{1B}[31m"

    /// The ANSI colour of a phase: green when up or done, yellow on the way, red when wrong.
    package static func escape(for phase: InstancePhase) -> String? {
        switch phase {
        case .ready, .running, .completed: good
        case .starting, .backoff, .stopping, .pending: underway
        case .failed, .blocked, .unhealthy: wrong
        case .stopped: nil
        }
    }

    /// Phases in which an instance has a process whose uptime means something.
    private static let runningPhases: Set<InstancePhase> = [.starting, .running, .ready, .unhealthy, .stopping]

    /// One row: columns separated by two spaces, the last one unpadded; the state word (column 1)
    /// coloured without disturbing the alignment.
    private static func line(_ cells: [String], widths: [Int], stateColor: String?) -> String {
        var text = ""
        for (column, cell) in cells.enumerated() {
            let isLast = column == cells.count - 1
            if column == 1, let stateColor {
                text += stateColor + cell + "\u{1B}[0m"
            } else {
                text += cell
            }
            if !isLast { text += String(repeating: " ", count: widths[column] - cell.count + 2) }
        }
        return text + "\n"
    }

    /// A reason on one line, so a multi-line message cannot break the table.
    private static func singleLine(_ text: String) -> String {
        let flattened = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flattened.isEmpty ? "-" : flattened
    }
}
