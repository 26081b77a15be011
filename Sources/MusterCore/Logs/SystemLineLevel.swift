/// The kind of one of Muster's own output lines.
package enum SystemLineLevel: Sendable {
    /// An ordinary message (`started pid 123`, `ready`).
    case info
    /// A failure, printed in red when colour is on.
    case error
}
