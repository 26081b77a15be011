import ArgumentParser
import MusterApp
import MusterCore

/// `muster broker`: run only the embedded NSQ-compatible broker.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run only the embedded NSQ-compatible broker (nsqd TCP and HTTP, nsqlookupd HTTP) in the foreground.",
        discussion: """
            Prints the addresses it listens on (free ports when the standard ones are taken).

            Examples:
              muster broker
              muster broker --tcp-port 4250 --http-port 4251 --lookupd-port 4261
            """)

    @Option(help: "nsqd TCP port (0: any free port).")
    var tcpPort = 4150

    @Option(help: "nsqd HTTP port (0: any free port).")
    var httpPort = 4151

    @Option(help: "nsqlookupd HTTP port (0: any free port).")
    var lookupdPort = 4161

    func run() async throws {
        let code = try await BrokerRunner(
            ports: ["tcp_port": tcpPort, "http_port": httpPort, "lookupd_http_port": lookupdPort]
        ).run()
        throw ExitCode(code)
    }
}
