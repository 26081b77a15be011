import ArgumentParser
import MusterBroker
import MusterCore
import NIOCore
import NIOPosix

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where `muster pub` and `muster sub` find the broker: `--nsqd-tcp-address`, else
/// `$NSQD_TCP_ADDRESS` (set inside a stack), else the project's running stack, else 127.0.0.1:4150.
struct BrokerAddressOptions: ParsableArguments {
    @OptionGroup var project: ProjectOptions

    @Option(
        name: .customLong("nsqd-tcp-address"),
        help: ArgumentHelp(
            "The broker's TCP address (default: $NSQD_TCP_ADDRESS, else the running stack's broker, else 127.0.0.1:4150).",
            valueName: "host:port"))
    var address: String?

    func validate() throws {
        if let address, BrokerAddress(address) == nil {
            throw ValidationError("--nsqd-tcp-address \(address) is not host:port; pass one such as 127.0.0.1:4150")
        }
    }

    /// Refuses a topic or channel name the broker would refuse, saying what a valid one looks like.
    static func validateName(_ name: String, as role: String) throws {
        guard !NSQName.isValid(name) else { return }
        throw ValidationError(
            "\"\(name)\" is not a valid \(role) name; use 1–64 letters, digits, '.', '_' or '-', optionally ending in #ephemeral"
        )
    }

    /// The address to use, and where it came from (for error messages).
    func resolve() async throws(ExitCode) -> BrokerAddress {
        if let address, let parsed = BrokerAddress(address) { return parsed }
        if let text = ProcessInfo.processInfo.environment["NSQD_TCP_ADDRESS"], !text.isEmpty {
            guard var parsed = BrokerAddress(text) else {
                printError("muster: NSQD_TCP_ADDRESS=\(text) is not host:port; unset it or pass --nsqd-tcp-address")
                throw ExitCode(1)
            }
            parsed.origin = "$NSQD_TCP_ADDRESS"
            return parsed
        }
        let directory = try ControlConnection.projectDirectory(file: project.file)
        if let text = try await ControlConnection.runningStackEnvironment(directory: directory)?["NSQD_TCP_ADDRESS"],
            var parsed = BrokerAddress(text)
        {
            parsed.origin = "the stack running for \(directory)"
            return parsed
        }
        return BrokerAddress(host: "127.0.0.1", port: 4150, origin: "the default address")
    }
}

/// An nsqd TCP address and where it was found.
struct BrokerAddress {
    var host: String
    var port: Int
    var origin = "--nsqd-tcp-address"

    /// Parses `host:port`.
    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port), colon != text.startIndex
        else { return nil }
        self.host = String(text[..<colon])
        self.port = port
    }

    init(host: String, port: Int, origin: String) {
        self.host = host
        self.port = port
        self.origin = origin
    }

    /// Prints why talking to the broker failed, naming the address and its origin, and returns exit code 1.
    func fail(_ error: any Error) -> ExitCode {
        if let error = error as? NSQClientError {
            printError("muster: \(error) (broker \(host):\(port), from \(origin))")
        } else if error is NIOConnectionError || error is IOError {
            printError(
                "muster: could not connect to the broker at \(host):\(port) (from \(origin)); start one with `muster start` or `muster broker`, or pass --nsqd-tcp-address"
            )
        } else {
            printError(
                "muster: could not talk to the broker at \(host):\(port) (from \(origin)): \(error); start one with `muster start` or `muster broker`, or pass --nsqd-tcp-address"
            )
        }
        return ExitCode(1)
    }
}
