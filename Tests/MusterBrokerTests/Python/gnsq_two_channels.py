"""gnsq: two Consumers on two channels of one topic each receive every message. Probe messages are
published until both channels have one (so both exist), then the batch goes out with MPUB and PUB."""
import sys

import delivery_checks as checks
import gnsq_support as support


def main(address, count):
    scenario = checks.Fanout(checks.bodies("fanout", count), ["alpha", "beta"])
    consumers = [support.consumer(address, "gfanout", c, scenario.handler(c), 10) for c in scenario.channels]
    producer = support.producer(address)
    for probe in range(int(checks.TIMEOUT / 0.05)):
        support.publish(producer, "gfanout", ["probe-%d" % probe])
        if support.poll(scenario.all_probed, timeout=0.05):
            break
    else:
        return scenario.unprobed()
    support.publish(producer, "gfanout", scenario.wanted[: count // 2])
    support.publish(producer, "gfanout", scenario.wanted[count // 2:], multiple=False)
    problems = [] if support.poll(scenario.complete) else ["timed out waiting for every message"]
    summary, found = scenario.verdict()
    return summary, problems + found


checks.conclude("gnsq two channels", *main(sys.argv[1], int(sys.argv[2])))
