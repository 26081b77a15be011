import MusterNet

/// The parameters of a URL query string, percent-decoded; the first value of a repeated name wins.
struct NSQHTTPQuery: Sendable {
    private let query: URLQuery

    /// Parses `raw` (without `?`); `nil` when a percent escape is malformed (nsqd's `INVALID_REQUEST`).
    init?(_ raw: String?) {
        guard let query = URLQuery(raw) else { return nil }
        self.query = query
    }

    /// The first value of `name`, if present (possibly empty).
    subscript(_ name: String) -> String? { query[name] }
}
