/// "Did you mean" for misspelt keys and names: the closest candidate within edit distance 2 (1 for words of up to
/// five letters, 0 for one or two), or one that starts with what was written (or that it starts with).
enum KeySuggestion {
    /// The best candidate for `written`, or nil when none is close.
    static func suggest(_ written: String, from candidates: [String]) -> String? {
        let typed = normalized(written)
        guard !typed.isEmpty else { return nil }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != written {
            let target = normalized(candidate)
            let distance = editDistance(typed, target)
            let isPrefix = typed.count >= 3 && (target.starts(with: typed) || typed.starts(with: target))
            guard distance <= allowedDistance(typed.count) || isPrefix else { continue }
            if best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Short words get fewer edits: none up to 2 letters (`db` is not `b`), one up to 5, else two.
    private static func allowedDistance(_ length: Int) -> Int {
        length <= 2 ? 0 : length <= 5 ? 1 : 2
    }

    /// Case and `-`/`_` differences do not count.
    private static func normalized(_ key: String) -> [Character] {
        Array(key.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
