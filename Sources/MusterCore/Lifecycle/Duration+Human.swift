extension Duration {
    /// Short human form for status lines: `850ms`, `1.6s`, `30s`, `2m5s`.
    public var humanReadable: String {
        let milliseconds = Int((Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15).rounded())
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds < 9950 {
            let tenths = Int((Double(milliseconds) / 100).rounded())
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = Int((Double(milliseconds) / 1000).rounded())
        if seconds < 60 { return "\(seconds)s" }
        return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s"
    }
}
