/// Durations as people type them on the command line and in stack files.
public enum HumanDuration {
    /// `1s`, `500ms`, `2m`, `1m30s`, `1h`, `1.5s` or a bare number of seconds; nil when invalid.
    public static func parse(_ text: String) -> Duration? {
        StackFileDuration.parse(text)
    }
}
