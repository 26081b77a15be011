"""pynsq: two Readers on one channel share its messages. Each message (published with MPUB) must
reach exactly one of them, and both must get some: each Reader has max_in_flight=1 and holds its
first message until the other has one too, so the broker has to hand messages to both."""
import asyncio
import sys

import delivery_checks as checks
import pynsq_support as support

CONSUMERS = ["first", "second"]


async def main(address, count):
    wanted = checks.bodies("shared", count)
    ledger = checks.Ledger()
    held = []
    done = asyncio.Event()

    def handler(name):
        def handle(message):
            ledger.record(name, message.body, message.attempts)
            message.enable_async()
            held.append(message)
            if all(ledger.received_by(c, wanted) for c in CONSUMERS):
                while held:
                    held.pop().finish()
            if ledger.has_any_of_all(wanted):
                done.set()
        return handle

    readers = [support.reader(address, "pshared", "work", handler(name), 1) for name in CONSUMERS]
    writer = await support.connected_writer(address)
    await support.publish(writer, "pshared", wanted)
    problems = [] if await support.poll(done.is_set) else ["timed out waiting for every message"]
    summary, found = checks.check_shared(ledger, wanted, CONSUMERS)
    return summary, problems + found


checks.conclude("pynsq shared channel", *asyncio.run(main(sys.argv[1], int(sys.argv[2]))))
