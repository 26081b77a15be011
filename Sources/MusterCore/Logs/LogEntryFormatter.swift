/// Formats the entries `muster logs` receives as `muster start` printed them: `15:04:05 web.1 | text`,
/// with the multiplexer's prefixes (``LinePrefixFormatter``), names padded to the widest.
public struct LogEntryFormatter: Sendable {
    private let options: LogOptions
    private let showPrefix: Bool
    private var names: [String]
    private var formatter: LinePrefixFormatter
    private var templates: [String: PrefixTemplate] = [:]
    private var prefix: [UInt8] = []

    /// A formatter padding to the widest of `names` (the stack's display names) and `muster`;
    /// without `showPrefix`, lines are only their text.
    public init(options: LogOptions, showPrefix: Bool, names: [String]) {
        self.options = options
        self.showPrefix = showPrefix
        self.names = names + [LogMultiplexer.systemName]
        self.formatter = LinePrefixFormatter(options: options, names: self.names)
    }

    /// The bytes that print `entry` on one line, newline included.
    public mutating func line(for entry: LogEntry) -> [UInt8] {
        guard showPrefix else { return Array((entry.text + "\n").utf8) }
        let template = template(for: entry)
        template.render(into: &prefix, stamp: WallClock.localTimeOfDay(Int(entry.time.rounded(.down))))
        return prefix + Array(entry.text.utf8) + template.lineEnd
    }

    /// The entry's template; a name wider than every one so far widens the padding from here on.
    private mutating func template(for entry: LogEntry) -> PrefixTemplate {
        if let template = templates[entry.instance] { return template }
        if entry.instance.count > formatter.width {
            names.append(entry.instance)
            formatter = LinePrefixFormatter(options: options, names: names)
            templates = [:]
        }
        let template =
            entry.service == LogMultiplexer.systemName
            ? formatter.systemTemplate(level: .info)
            : formatter.template(displayName: entry.instance, service: entry.service)
        templates[entry.instance] = template
        return template
    }
}
