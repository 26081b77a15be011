/// Taking messages out of flight: FIN, REQ, disconnects and timeouts.
extension ChannelState {
    /// Removes `id` from flight if `owner` holds it; the error reason otherwise.
    mutating func takeInFlight(_ id: MessageID, owner: ConsumerID) -> Result<NSQMessage, InFlightFailure> {
        let taken = inFlight.remove(id, ownedBy: owner).map(\.message)
        if case .success = taken { consumers[owner]?.inFlight -= 1 }
        return taken
    }

    /// Finishes each id `owner` holds; returns the others with the reason.
    mutating func finish(_ ids: [MessageID], owner: ConsumerID) -> [(MessageID, InFlightFailure)] {
        var failures: [(MessageID, InFlightFailure)] = []
        for id in ids {
            if case .failure(let failure) = inFlight.remove(id, ownedBy: owner) { failures.append((id, failure)) }
        }
        consumers[owner]?.finished(ids.count - failures.count)
        return failures
    }

    /// Returns every in-flight message of `owner` to the queue.
    mutating func requeueAll(of owner: ConsumerID) {
        for entry in inFlight.removeAll(where: { $0.owner == owner }) {
            counters.requeueCount += 1
            queue.append(entry.message)
        }
    }

    /// Requeues timed-out messages and releases due deferred ones.
    mutating func expire(now: UInt64) {
        for entry in inFlight.removeAll(where: { $0.deadline <= now }) {
            consumers[entry.owner]?.inFlight -= 1
            counters.timeoutCount += 1
            queue.append(entry.message)
        }
        if let due = deferred.nextDue, due <= now {
            queue.append(contentsOf: deferred.popDue(now))
        }
    }
}
