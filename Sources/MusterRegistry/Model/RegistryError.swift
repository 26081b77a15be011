/// A request the registry refuses: the HTTP status Consul answers with, and its plain-text message.
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 400, 404, 405, 413 or 500.
    public var status: Int
    /// The message, as Consul words it where clients or users may read it.
    public var message: String

    /// An error answered with `status` and `message`.
    public init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    /// 400: the request is malformed.
    static func badRequest(_ message: String) -> RegistryError { RegistryError(status: 400, message) }

    /// 404 for an unknown service ID, worded as Consul does.
    static func unknownService(_ id: String) -> RegistryError {
        RegistryError(
            status: 404,
            "Unknown service ID \"\(id)\". Ensure that the service ID is passed, not the service name.")
    }

    /// 404 for an unknown check ID, worded as Consul does.
    static func unknownCheck(_ id: String) -> RegistryError {
        RegistryError(
            status: 404, "Unknown check ID \"\(id)\". Ensure that the check ID is passed, not the check name.")
    }

    /// The message.
    public var description: String { message }
}

/// A value read from the registry with the index a blocking query compares.
public struct Indexed<Value: Sendable>: Sendable {
    /// The index of the data read (never 0).
    public var index: UInt64
    /// The data.
    public var value: Value

    /// `value` at `index`.
    public init(index: UInt64, value: Value) {
        self.index = index
        self.value = value
    }
}
