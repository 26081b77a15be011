import MusterNet
import NIOCore
import Testing

@testable import MusterBroker

@Suite struct InFlightTableTests {
    static func entry(_ id: UInt64, owner: UInt64, deadline: UInt64 = 0) -> InFlightTable.Entry {
        InFlightTable.Entry(
            message: NSQMessage(id: MessageID(rawValue: id), timestamp: 0, body: ByteBuffer(string: "m\(id)")),
            owner: ConsumerID(rawValue: owner), deadline: deadline, latestDeadline: deadline)
    }

    /// Random inserts and removals, growing past the shrink threshold and back, checked against a Dictionary.
    @Test func matchesADictionaryThroughGrowthAndShrinking() {
        var table = InFlightTable()
        var model: [UInt64: UInt64] = [:]
        var live: [UInt64] = []
        var rng = SplitMix64(seed: 7)
        var nextID: UInt64 = 1
        for round in 0..<40_000 {
            let insertChance: UInt64 = round < 20_000 ? 3 : 1
            if rng.next() % 4 < insertChance || live.isEmpty {
                nextID += 1 + rng.next() % 3
                let owner = rng.next() % 3
                table.insert(Self.entry(nextID, owner: owner))
                model[nextID] = owner
                live.append(nextID)
            } else {
                let pick = Int(rng.next() % UInt64(live.count))
                let id = live[pick]
                let owner = model[id]!
                let wrong = table.remove(MessageID(rawValue: id), ownedBy: ConsumerID(rawValue: owner + 1))
                #expect(wrong.failureReason == .notOwner)
                let removed = table.remove(MessageID(rawValue: id), ownedBy: ConsumerID(rawValue: owner))
                #expect((try? removed.get())?.message.body == ByteBuffer(string: "m\(id)"))
                #expect(
                    table.remove(MessageID(rawValue: id), ownedBy: ConsumerID(rawValue: owner)).failureReason
                        == .notInFlight)
                model[id] = nil
                live.swapAt(pick, live.count - 1)
                live.removeLast()
            }
            if round % 2_000 == 0 { Self.verify(table, model, upTo: nextID) }
        }
        Self.verify(table, model, upTo: nextID)
    }

    static func verify(_ table: InFlightTable, _ model: [UInt64: UInt64], upTo last: UInt64) {
        #expect(table.count == model.count)
        #expect(table.all.count == model.count)
        for id in 0...last + 1 {
            #expect(table[MessageID(rawValue: id)]?.owner.rawValue == model[id], "id \(id)")
        }
    }

    @Test func removesByPredicateInIDOrderAndModifiesInPlace() {
        var table = InFlightTable()
        for id in (1...300).reversed() { table.insert(Self.entry(UInt64(id), owner: 1, deadline: UInt64(id % 3))) }
        #expect(table.modify(MessageID(rawValue: 5)) { $0.deadline = 99 } != nil)
        #expect(table.modify(MessageID(rawValue: 301)) { $0.deadline = 99 } == nil)
        let expired = table.removeAll { $0.deadline == 0 }
        #expect(expired.map(\.message.id.rawValue) == Array(stride(from: 3, through: 300, by: 3)))
        #expect(table.count == 200)
        #expect(table[MessageID(rawValue: 5)]?.deadline == 99)
        table.removeAll()
        #expect(table.isEmpty && table[MessageID(rawValue: 5)] == nil)
    }
}

extension Result where Failure == InFlightFailure {
    var failureReason: InFlightFailure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
