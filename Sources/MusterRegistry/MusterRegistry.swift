/// The embedded Consul-compatible service registry and DNS responder (`shared/protocols.md` §4–§5).
public enum MusterRegistry {
    /// The Consul version the registry reports (`/v1/agent/self`).
    public static let consulVersion = "1.20.0"
}
