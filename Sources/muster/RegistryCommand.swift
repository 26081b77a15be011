import ArgumentParser
import MusterCore

/// `muster registry`: run only the embedded Consul-compatible registry.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Run only the embedded Consul-compatible service registry (HTTP API) in the foreground.",
        discussion: """
            Prints the address it listens on (a free port when the standard one is taken), as \
            CONSUL_HTTP_ADDR, which Consul clients such as py-consul read.

            Examples:
              muster registry
              muster registry --http-port 0
            """)

    @Option(help: "Consul HTTP API port (0: any free port).")
    var httpPort = 8500

    func run() async throws {
        let code = try await RegistryRunner(ports: ["http_port": httpPort]).run()
        throw ExitCode(code)
    }
}
