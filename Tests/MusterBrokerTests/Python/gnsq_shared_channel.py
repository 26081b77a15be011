"""gnsq: two Consumers on one channel share its messages. Each message (published with MPUB) must
reach exactly one of them, and both must get some: each Consumer has max_in_flight=1 and holds its
first message until the other has one too, so the broker has to hand messages to both."""
import sys

import delivery_checks as checks
import gnsq_support as support


def main(address, count):
    scenario = checks.SharedChannel(checks.bodies("shared", count), ["first", "second"])
    consumers = [support.consumer(address, "gshared", "work", scenario.handler(name), 1)
                 for name in scenario.consumers]
    support.publish(support.producer(address), "gshared", scenario.wanted)
    problems = [] if support.poll(scenario.complete) else ["timed out waiting for every message"]
    summary, found = scenario.verdict()
    return summary, problems + found


checks.conclude("gnsq shared channel", *main(sys.argv[1], int(sys.argv[2])))
