"""pynsq: a Reader requeues every message on its first attempt (REQ 0, no backoff) and finishes it
on the second; each must be seen with attempts 1 then 2. One message is requeued with a 300 ms
delay and must not come back sooner."""
import asyncio
import sys

import delivery_checks as checks
import pynsq_support as support

DELAY = 0.3


async def main(address, count):
    wanted = checks.bodies("again", count)
    delayed = "delayed"
    ledger = checks.Ledger()

    def handle(message):
        ledger.record("reader", message.body, message.attempts)
        message.enable_async()
        if message.attempts > 1:
            message.finish()
        elif message.body == delayed.encode():
            message.requeue(backoff=False, time_ms=int(DELAY * 1000))
        else:
            message.requeue(backoff=False, delay=0)

    reader = support.reader(address, "prequeue", "work", handle, 10)
    writer = await support.connected_writer(address)
    await support.publish(writer, "prequeue", [delayed], multiple=False)
    await support.publish(writer, "prequeue", wanted)
    everything = wanted + [delayed]
    problems = []
    if not await support.poll(lambda: all(len(ledger.deliveries[b]) >= 2 for b in everything)):
        problems.append("timed out waiting for every redelivery")
    summary, found = checks.check_requeued(ledger, wanted, delayed, DELAY)
    return summary, problems + found


checks.conclude("pynsq requeue", *asyncio.run(main(sys.argv[1], int(sys.argv[2]))))
