import Foundation

/// Asks the kernel (through /proc), not Muster, which processes are alive.
public enum ProcessScan {
    /// Every live process (zombies excluded) whose environment has `MUSTER_TEST_TOKEN=token`.
    public static func processes(withToken token: String) -> [Int32] {
        let needle = Array("MUSTER_TEST_TOKEN=\(token)".utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard !isZombie(pid), let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else {
                return false
            }
            return environ.split(separator: 0).contains { Array($0) == needle }
        }
    }

    /// Whether `pid` is a zombie (or gone).
    public static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state == "Z" || state == "X"
    }

    /// Waits until no live process carries `token`; throws naming the survivors.
    public static func waitForNoProcesses(withToken token: String, timeout: Duration = .seconds(30)) async throws {
        try await waitUntil(
            "every process with the test token to end (alive: \(processes(withToken: token)))", timeout: timeout
        ) {
            processes(withToken: token).isEmpty
        }
    }
}
