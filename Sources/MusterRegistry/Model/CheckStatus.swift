/// The health of one check (`shared/protocols.md` §4.2); maintenance checks are critical.
public enum CheckStatus: String, Sendable, Hashable, Comparable, CaseIterable {
    /// Healthy.
    case passing
    /// Degraded but serving: still answered by DNS, dropped by `?passing`.
    case warning
    /// Failing: dropped everywhere.
    case critical

    /// The status named `text` (`passing`, `warning`, `critical`), case-insensitively.
    public init?(parsing text: String) {
        self.init(rawValue: text.lowercased())
    }

    /// Worse statuses compare greater: passing < warning < critical.
    public static func < (lhs: CheckStatus, rhs: CheckStatus) -> Bool {
        lhs.severity < rhs.severity
    }

    private var severity: Int {
        switch self {
        case .passing: 0
        case .warning: 1
        case .critical: 2
        }
    }

    /// The worst of `statuses`, passing when there are none.
    public static func aggregate(_ statuses: some Sequence<CheckStatus>) -> CheckStatus {
        statuses.max() ?? .passing
    }
}
