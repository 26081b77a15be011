"""pynsq: two Readers on one channel share its messages. Each message (published with MPUB) must
reach exactly one of them, and both must get some: each Reader has max_in_flight=1 and holds its
first message until the other has one too, so the broker has to hand messages to both."""
import asyncio
import sys

import delivery_checks as checks
import pynsq_support as support


async def main(address, count):
    scenario = checks.SharedChannel(checks.bodies("shared", count), ["first", "second"])
    readers = [support.reader(address, "pshared", "work", scenario.handler(name), 1)
               for name in scenario.consumers]
    writer = await support.connected_writer(address)
    await support.publish(writer, "pshared", scenario.wanted)
    problems = [] if await support.poll(scenario.complete) else ["timed out waiting for every message"]
    summary, found = scenario.verdict()
    return summary, problems + found


checks.conclude("pynsq shared channel", *asyncio.run(main(sys.argv[1], int(sys.argv[2]))))
