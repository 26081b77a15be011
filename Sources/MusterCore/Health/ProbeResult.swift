/// The outcome of one probe attempt.
package struct ProbeResult: Sendable, Hashable {
    /// Whether the probe passed.
    package var success: Bool
    /// What happened, as a short sentence: `GET /health answered 503`.
    package var detail: String

    /// A result from its parts.
    package init(success: Bool, detail: String) {
        self.success = success
        self.detail = detail
    }

    /// A passed probe.
    static func passed(_ detail: String) -> ProbeResult { ProbeResult(success: true, detail: detail) }

    /// A failed probe.
    static func failed(_ detail: String) -> ProbeResult { ProbeResult(success: false, detail: detail) }
}
