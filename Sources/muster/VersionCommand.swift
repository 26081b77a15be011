import ArgumentParser
import MusterCore

/// `muster version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print Muster's version.",
        discussion: "Example:\n  muster version")

    func run() {
        print("muster \(Muster.version)")
    }
}
