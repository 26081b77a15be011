/// The embedded NSQ-compatible message broker (`shared/protocols.md` §1).
public enum MusterBroker {
    /// The nsqd version the broker reports (IDENTIFY, `/info`).
    public static let nsqdVersion = "1.3.0"
}
