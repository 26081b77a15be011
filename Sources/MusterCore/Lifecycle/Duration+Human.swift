extension Duration {
    /// Short human form for status lines: `850ms`, `1.6s`, `30s`, `2m5s`.
    public var humanReadable: String {
        let milliseconds = Int((Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15).rounded())
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds < 10_000, milliseconds % 1000 != 0 {
            return "\(milliseconds / 1000).\((milliseconds % 1000) / 100)s"
        }
        let seconds = milliseconds / 1000
        if seconds < 60 { return "\(seconds)s" }
        return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s"
    }
}
