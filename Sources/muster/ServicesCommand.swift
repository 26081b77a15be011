import ArgumentParser
import MusterApp
import MusterCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `muster services [NAME]`: the registry's catalog with the health of every instance.
struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "Show the services registered in the embedded registry, with their health.",
        discussion: """
            Asks the registry of the stack running for this project (the directory of muster.yaml, \
            the Procfile, or -f FILE); when none runs there, the registry at $CONSUL_HTTP_ADDR \
            (set in every service and for the command of `muster test`). Exits 1 when there is none.

            Examples:
              muster services
              muster services worker
              muster services --registry 127.0.0.1:8500
            """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "The registry's address, such as 127.0.0.1:8500 (default: the running stack's).")
    var registry: String?

    @Argument(help: "Only the instances of this service.")
    var name: String?

    func run() async throws {
        let address = try await registryAddress()
        do {
            print(
                try await ServicesTable.report(address: address, service: name, color: ControlConnection.useColor()),
                terminator: "")
        } catch {
            printError("muster: \(error.message)")
            throw ExitCode(1)
        }
    }

    /// `--registry`, else the running stack's registry, else `$CONSUL_HTTP_ADDR`.
    private func registryAddress() async throws -> String {
        if let registry { return registry }
        let directory = try ControlConnection.projectDirectory(file: project.file)
        if let environment = try await ControlConnection.runningStackEnvironment(directory: directory) {
            guard let address = environment["CONSUL_HTTP_ADDR"] else {
                printError(
                    "muster: the stack running for \(directory) has no registry (registry: false or --no-registry)")
                throw ExitCode(1)
            }
            return address
        }
        if let address = ProcessInfo.processInfo.environment["CONSUL_HTTP_ADDR"], !address.isEmpty { return address }
        printError("muster: no muster is running for \(directory); start it with muster start, or pass --registry")
        throw ExitCode(1)
    }
}
