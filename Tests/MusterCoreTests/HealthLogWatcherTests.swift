import MusterCore
import Testing

/// `LogPatternWatcher`: regex matching over output lines, once.
@Suite struct HealthLogWatcherTests {
    @Test func onlyTheFirstMatchingLineCounts() throws {
        let watcher = try LogPatternWatcher(pattern: #"listening on (port )?\d+"#)
        #expect(!watcher.hasMatched)
        #expect(watcher.observe(line: "starting") == false)
        #expect(watcher.observe(line: "2024-01-01 INFO listening on port 9002 now"))
        #expect(watcher.hasMatched)
        #expect(watcher.observe(line: "listening on 9003") == false)
    }

    @Test func anInvalidPatternIsAnErrorNamingIt() {
        let error = #expect(throws: HealthCheckError.self) { try LogPatternWatcher(pattern: "([a-") }
        #expect(error?.description.contains("`([a-`") == true)
    }

    @Test func exactlyOneOfManyConcurrentObserversSeesTheMatch() async throws {
        let watcher = try LogPatternWatcher(pattern: "ready")
        let firsts = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var count = 0
                    for line in 0..<200 where watcher.observe(line: line == 100 + task ? "ready" : "noise \(line)") {
                        count += 1
                    }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(firsts == 1)
    }

    @Test func waitingEndsAtTheMatchOrAtOnceWhenItAlreadyMatched() async throws {
        let watcher = try LogPatternWatcher(pattern: "up")
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await watcher.waitForMatch() }
            group.addTask { await watcher.waitForMatch() }
            _ = watcher.observe(line: "it is up")
            await group.waitForAll()
        }
        await watcher.waitForMatch()
        #expect(watcher.hasMatched)
    }

    @Test func waitingEndsWhenCancelled() async throws {
        let watcher = try LogPatternWatcher(pattern: "never")
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await watcher.waitForMatch() }
            group.cancelAll()
            await group.waitForAll()
        }
        #expect(!watcher.hasMatched)
    }
}
