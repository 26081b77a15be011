/// Docker Compose variable interpolation in stack file values: `$NAME`, `${NAME}`, `${NAME:-default}`,
/// `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`, `${NAME:+other}`, `${NAME+other}` and `$$`.
///
/// An unset variable without a default becomes the empty string. Defaults and replacements are
/// themselves interpolated, and only when they are used.
enum ComposeInterpolation {
    /// Which text is being interpolated.
    enum Mode: Sendable {
        /// A value: every reference is replaced now.
        case compose
        /// Text run by `/bin/sh -c` (a string `command`, a healthcheck's `exec`): references are left for the shell
        /// to expand at run time with the service's own environment, which holds the shell's and `.env`'s values
        /// too, under the precedence of design §2.2 (so `$PORT` is the instance's port, never a stray shell
        /// `PORT`); only `$$` becomes `$`, so Compose-style `$$VAR` still works.
        case shell
    }

    /// Why a value could not be interpolated: a message without location, for `ConfigError`.
    struct Failure: Error, Equatable {
        /// One sentence without the final full stop.
        var message: String
    }

    /// Interpolates `text`, looking each variable up in `environment`, then `dotEnv`.
    static func interpolate(
        _ text: String, environment: [String: String], dotEnv: [String: String] = [:], mode: Mode = .compose
    ) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        if mode == .shell { return unescapingDollars(text) }
        let scanner = Scanner(scalars: Array(text.unicodeScalars), environment: environment, dotEnv: dotEnv)
        return try scanner.run(from: 0, to: scanner.scalars.count)
    }

    /// `text` with each `$$` made `$`.
    private static func unescapingDollars(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousWasDollar = false
        for scalar in text.unicodeScalars {
            if scalar == "$", previousWasDollar {
                previousWasDollar = false
                continue
            }
            previousWasDollar = scalar == "$"
            out.append(scalar)
        }
        return String(out)
    }

    /// Walks the scalars of one value.
    private struct Scanner {
        let scalars: [Unicode.Scalar]
        let environment: [String: String]
        let dotEnv: [String: String]

        /// The shell's value, else the .env value, else nil (unset).
        func lookup(_ name: String) -> String? { environment[name] ?? dotEnv[name] }

        /// Interpolates `scalars[start..<end]`.
        func run(from start: Int, to end: Int) throws(Failure) -> String {
            var out = String.UnicodeScalarView()
            var index = start
            while index < end {
                let scalar = scalars[index]
                guard scalar == "$" else {
                    out.append(scalar)
                    index += 1
                    continue
                }
                let (text, next) = try reference(at: index, end: end)
                out.append(contentsOf: text.unicodeScalars)
                index = next
            }
            return String(out)
        }

        /// The replacement for the reference starting with the `$` at `start`, and the index after it.
        private func reference(at start: Int, end: Int) throws(Failure) -> (String, Int) {
            let next = start + 1 < end ? scalars[start + 1] : nil
            if next == "$" { return ("$", start + 2) }
            if next == "{" {
                let close = try closingBrace(after: start + 2, end: end)
                return (try braced(from: start + 2, to: close), close + 1)
            }
            if let next, Self.isNameStart(next) {
                let nameEnd = nameEnd(from: start + 1, end: end, allowingDots: false)
                return (lookup(string(start + 1, nameEnd)) ?? "", nameEnd)
            }
            throw Failure(message: Self.loneDollar)
        }

        /// The index of the `}` closing a `${` whose body starts at `start`, skipping nested `${...}` and `$$`.
        private func closingBrace(after start: Int, end: Int) throws(Failure) -> Int {
            var depth = 1
            var index = start
            while index < end {
                let scalar = scalars[index]
                if scalar == "$", index + 1 < end, scalars[index + 1] == "{" || scalars[index + 1] == "$" {
                    if scalars[index + 1] == "{" { depth += 1 }
                    index += 2
                    continue
                }
                if scalar == "}" {
                    depth -= 1
                    if depth == 0 { return index }
                }
                index += 1
            }
            throw Failure(message: "`${` is not closed by `}`; close it, or write `$$` for a literal `$`")
        }

        /// The value of the `${...}` body `scalars[start..<end]`.
        private func braced(from start: Int, to end: Int) throws(Failure) -> String {
            let nameEnd = nameEnd(from: start, end: end, allowingDots: true)
            let name = string(start, nameEnd)
            guard !name.isEmpty else { throw invalid(start, end) }
            let value = lookup(name)
            if nameEnd == end { return value ?? "" }
            let colon = scalars[nameEnd] == ":"
            let operatorIndex = colon ? nameEnd + 1 : nameEnd
            guard operatorIndex < end else { throw invalid(start, end) }
            let argumentStart = operatorIndex + 1
            let usable = colon ? value.flatMap { $0.isEmpty ? nil : $0 } : value
            switch scalars[operatorIndex] {
            case "-":
                if let usable { return usable }
                return try run(from: argumentStart, to: end)
            case "+":
                guard usable != nil else { return "" }
                return try run(from: argumentStart, to: end)
            case "?":
                if let usable { return usable }
                throw required(name, colon: colon, message: string(argumentStart, end))
            default:
                throw invalid(start, end)
            }
        }

        private func required(_ name: String, colon: Bool, message: String) -> Failure {
            let state = colon ? "is not set or is empty" : "is not set"
            let reason = message.isEmpty ? "" : " (\(message))"
            return Failure(
                message: "the variable `\(name)` \(state)\(reason); set it in the shell environment or in .env")
        }

        private func invalid(_ start: Int, _ end: Int) -> Failure {
            Failure(
                message: "`${\(string(start, end))}` is not a valid variable reference; "
                    + "write ${NAME}, ${NAME:-default} or ${NAME:?message}, or `$$` for a literal `$`")
        }

        private func nameEnd(from start: Int, end: Int, allowingDots: Bool) -> Int {
            guard start < end, Self.isNameStart(scalars[start]) else { return start }
            var index = start + 1
            while index < end, Self.isNameContinuation(scalars[index]) || (allowingDots && scalars[index] == ".") {
                index += 1
            }
            return index
        }

        private func string(_ start: Int, _ end: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            return String(view)
        }

        private static let loneDollar =
            "a `$` must be followed by a variable name or `{`; write `$$` for a literal `$`"

        private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }

        private static func isNameContinuation(_ scalar: Unicode.Scalar) -> Bool {
            isNameStart(scalar) || ("0"..."9").contains(scalar)
        }
    }
}
