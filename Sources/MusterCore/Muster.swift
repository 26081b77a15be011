/// Facts about this build of Muster.
public enum Muster {
    /// The version printed by `muster version`.
    public static let version = "0.1.0"
}
