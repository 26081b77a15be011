"""pynsq: two Readers on two channels of one topic each receive every message. Probe messages are
published until both channels have one (so both exist), then the batch goes out with MPUB and PUB."""
import asyncio
import sys

import delivery_checks as checks
import pynsq_support as support


async def main(address, count):
    scenario = checks.Fanout(checks.bodies("fanout", count), ["alpha", "beta"])
    readers = [support.reader(address, "pfanout", c, scenario.handler(c), 10) for c in scenario.channels]
    writer = await support.connected_writer(address)
    for probe in range(int(checks.TIMEOUT / 0.05)):
        await support.publish(writer, "pfanout", ["probe-%d" % probe])
        if await support.poll(scenario.all_probed, timeout=0.05):
            break
    else:
        return scenario.unprobed()
    await support.publish(writer, "pfanout", scenario.wanted[: count // 2])
    await support.publish(writer, "pfanout", scenario.wanted[count // 2:], multiple=False)
    problems = [] if await support.poll(scenario.complete) else ["timed out waiting for every message"]
    summary, found = scenario.verdict()
    return summary, problems + found


checks.conclude("pynsq two channels", *asyncio.run(main(sys.argv[1], int(sys.argv[2]))))
