/// How many colours the terminal Muster prints to can show.
package enum ColorDepth: Sendable, Equatable {
    /// The 16 basic ANSI colours (`\e[3Xm`, `\e[9Xm`).
    case basic16
    /// The xterm 256-colour palette (`\e[38;5;Nm`).
    case extended256

    /// `.extended256` when `TERM` contains "256color" or `COLORTERM` is set, else `.basic16`.
    package static func detect(environment: [String: String]) -> ColorDepth {
        if let term = environment["TERM"], term.contains("256color") {
            return .extended256
        }
        if environment["COLORTERM"] != nil {
            return .extended256
        }
        return .basic16
    }
}
