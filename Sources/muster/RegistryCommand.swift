import ArgumentParser
import MusterApp
import MusterCore

/// `muster registry`: run only the embedded Consul-compatible registry.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Run only the embedded Consul-compatible service registry (HTTP API and DNS) in the foreground.",
        discussion: """
            Prints the addresses it listens on (free ports when the standard ones are taken), as \
            CONSUL_HTTP_ADDR, which Consul clients such as py-consul read, and MUSTER_DNS_ADDR \
            (UDP and TCP, for dig @127.0.0.1 -p PORT NAME.service.consul SRV).

            Examples:
              muster registry
              muster registry --http-port 0 --dns-port 0
            """)

    @Option(help: "Consul HTTP API port (0: any free port).")
    var httpPort = 8500

    @Option(help: "DNS port, UDP and TCP (0: any free port).")
    var dnsPort = 8600

    func run() async throws {
        let code = try await RegistryRunner(ports: ["http_port": httpPort, "dns_port": dnsPort]).run()
        throw ExitCode(code)
    }
}
