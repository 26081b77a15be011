import ArgumentParser
import MusterCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `muster down`: stop the running stack (also the way to stop a detached one).
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop the running stack of this project and wait until it has stopped.",
        discussion: """
            Asks the stack to stop (each service gets its stop signal, then SIGKILL after its \
            grace period, in reverse dependency order), waits until it no longer answers and \
            prints "stopped PROJECT". When no stack is running it says so and exits 0: there is \
            nothing to do. Exits 1 if the stack still answers after the longest grace period \
            plus 5 seconds (at least 30 seconds).

            Examples:
              muster down
              muster down -f ~/code/shop/muster.yaml
            """)

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let directory = try ControlConnection.projectDirectory(file: project.file)
        let client: ControlClient
        let status: StackStatus
        do {
            client = try await ControlClient.connect(projectDirectory: directory)
            status = try await client.status()
        } catch {
            guard error.status == 503 else { throw ControlConnection.fail(error, directory: directory) }
            // Nothing to stop is not an error for down.
            print("no muster is running for \(directory)")
            return
        }
        let deadline =
            ContinuousClock.now + (await longestGracePeriod(client) + .seconds(5)).clamped(atLeast: .seconds(30))
        do {
            try await client.shutdown()
        } catch {
            // 503: it went away while being asked, which is what was wanted.
            guard error.status == 503 else { throw ControlConnection.fail(error, directory: directory) }
        }
        while ContinuousClock.now < deadline {
            if await !answers(directory) {
                print("stopped \(status.project)")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        printError(
            "muster: the stack of \(status.project) (pid \(status.pid)) is still stopping; "
                + "check it with muster status, or end it with kill \(status.pid)")
        throw ExitCode(1)
    }

    /// Whether the project's control socket still accepts connections (it closes when Muster
    /// has stopped every service).
    private func answers(_ directory: String) async -> Bool {
        do {
            _ = try await ControlClient.connect(projectDirectory: directory)
            return true
        } catch {
            return error.status != 503
        }
    }

    /// The longest `stop_grace_period` in the stack's resolved configuration; 10 s when it
    /// cannot be read.
    private func longestGracePeriod(_ client: ControlClient) async -> Duration {
        struct Configuration: Decodable {
            struct Service: Decodable {
                var stopGracePeriodMs: Int64?
                enum CodingKeys: String, CodingKey { case stopGracePeriodMs = "stop_grace_period_ms" }
            }
            var services: [Service]
        }
        guard let text = try? await client.configuration(),
            let document = try? JSONDecoder().decode(Configuration.self, from: Data(text.utf8)),
            let longest = document.services.compactMap(\.stopGracePeriodMs).max()
        else { return .seconds(10) }
        return .milliseconds(longest)
    }
}

extension Duration {
    /// `self`, or `minimum` when `self` is shorter.
    fileprivate func clamped(atLeast minimum: Duration) -> Duration { self < minimum ? minimum : self }
}
