/// Durations as people write them on the command line and in stack files: `1s`, `500ms`, `2m`,
/// `1m30s`, `1h`, `1.5s`, `250us`, or a bare number of seconds.
public enum DurationText {
    /// The accepted forms, for error messages.
    static let acceptedForms = "a duration such as 1s, 500ms, 2m, 1m30s, 1h or a number of seconds"

    /// Parses `text`; nil when it is not one of the accepted forms or is negative.
    public static func parse(_ text: String) -> Duration? {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var total: Int64 = 0
        var index = 0
        while index < scalars.count {
            let numberEnd = numberEnd(in: scalars, from: index)
            guard numberEnd > index else { return nil }
            let unitEnd = scalars[numberEnd...].firstIndex(where: { !isLetter($0) }) ?? scalars.count
            let unit = String(String.UnicodeScalarView(scalars[numberEnd..<unitEnd]))
            guard let factor = unit.isEmpty && index == 0 && unitEnd == scalars.count ? 1_000_000_000 : factors[unit],
                let part = nanoseconds(Array(scalars[index..<numberEnd]), factor: factor)
            else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(part)
            guard !overflow else { return nil }
            total = sum
            index = unitEnd
        }
        return .nanoseconds(total)
    }

    /// Nanoseconds per unit.
    private static let factors: [String: Int64] = [
        "h": 3_600_000_000_000, "m": 60_000_000_000, "s": 1_000_000_000, "ms": 1_000_000, "us": 1_000,
    ]

    /// The end of `digits[.digits]` starting at `start`.
    private static func numberEnd(in scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        var sawDot = false
        while index < scalars.count {
            if isDigit(scalars[index]) {
                index += 1
            } else if scalars[index] == ".", !sawDot {
                sawDot = true
                index += 1
            } else {
                break
            }
        }
        return index
    }

    /// `number × factor` in whole nanoseconds (fractions below a nanosecond are dropped); nil on overflow.
    private static func nanoseconds(_ number: [Unicode.Scalar], factor: Int64) -> Int64? {
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : []
        guard !(whole.isEmpty && fraction.isEmpty), whole.count <= 18, fraction.count <= 18 else { return nil }
        let wholeValue = Int64(String(String.UnicodeScalarView(whole))) ?? 0
        let (scaled, overflow) = wholeValue.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        guard !fraction.isEmpty else { return scaled }
        var denominator: Int64 = 1
        for _ in fraction { denominator *= 10 }
        let fractionValue = Int64(String(String.UnicodeScalarView(fraction))) ?? 0
        // factor / denominator first keeps the product in range; exact whenever the result is whole nanoseconds.
        let fractional =
            factor >= denominator
            ? fractionValue * (factor / denominator)
            : Int64((Double(fractionValue) / Double(denominator) * Double(factor)).rounded(.down))
        return scaled.addingReportingOverflow(fractional).overflow ? nil : scaled + fractional
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) }
}
