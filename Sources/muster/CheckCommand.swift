import ArgumentParser
import Foundation
import MusterCore

/// `muster check`: validate without starting anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the stack file and its .env files without starting anything.",
        discussion: """
            Prints "valid: web, worker" and exits 0, or prints the first error with its file and \
            line and exits 1.

            Examples:
              muster check
              muster check -f Procfile.dev -e .env.test
            """)

    @OptionGroup var files: FileOptions

    func run() throws {
        do {
            let plan = try StackLoader.plan(files.request)
            for warning in plan.warnings { FileHandle.standardError.write(Data("muster: warning: \(warning).\n".utf8)) }
            print("valid: \(plan.serviceNames.joined(separator: ", "))")
        } catch {
            throw failWithConfigError(error)
        }
    }
}
