"""gnsq: two Consumers on two channels of one topic each receive every message. Probe messages are
published until both channels have one (so both exist), then the batch goes out with MPUB and PUB."""
import sys

import delivery_checks as checks
import gnsq_support as support

CHANNELS = ["alpha", "beta"]


def main(address, count):
    wanted = checks.bodies("fanout", count)
    ledger = checks.Ledger()
    probed = set()

    def handler(channel):
        def handle(message):
            if message.body.startswith(b"probe"):
                probed.add(channel)
            else:
                ledger.record(channel, message.body, message.attempts)
        return handle

    consumers = [support.consumer(address, "gfanout", c, handler(c), 10) for c in CHANNELS]
    producer = support.producer(address)
    probes = 0
    while len(probed) < len(CHANNELS) and probes < checks.TIMEOUT / 0.05:
        probes += 1
        support.publish(producer, "gfanout", ["probe-%d" % probes])
        support.poll(lambda: len(probed) == len(CHANNELS), timeout=0.05)
    if len(probed) < len(CHANNELS):
        return "no batch published", ["only channels %s got a probe message" % sorted(probed)]
    problems = []
    support.publish(producer, "gfanout", wanted[: count // 2])
    support.publish(producer, "gfanout", wanted[count // 2:], multiple=False)
    if not support.poll(lambda: ledger.has_all(wanted, CHANNELS)):
        problems.append("timed out waiting for every message on every channel")
    summary, found = checks.check_every_channel(ledger, wanted, CHANNELS)
    return summary, problems + found


checks.conclude("gnsq two channels", *main(sys.argv[1], int(sys.argv[2])))
