"""gnsq: two Consumers on one channel share its messages. Each message (published with MPUB) must
reach exactly one of them, and both must get some: each Consumer has max_in_flight=1 and holds its
first message until the other has one too, so the broker has to hand messages to both."""
import sys

import delivery_checks as checks
import gnsq_support as support

CONSUMERS = ["first", "second"]


def main(address, count):
    wanted = checks.bodies("shared", count)
    ledger = checks.Ledger()
    held = []

    def handler(name):
        def handle(message):
            ledger.record(name, message.body, message.attempts)
            message.enable_async()
            held.append(message)
            if all(ledger.received_by(c, wanted) for c in CONSUMERS):
                while held:
                    held.pop().finish()
        return handle

    consumers = [support.consumer(address, "gshared", "work", handler(name), 1) for name in CONSUMERS]
    producer = support.producer(address)
    support.publish(producer, "gshared", wanted)
    problems = [] if support.poll(lambda: ledger.has_any_of_all(wanted)) else ["timed out"]
    summary, found = checks.check_shared(ledger, wanted, CONSUMERS)
    return summary, problems + found


checks.conclude("gnsq shared channel", *main(sys.argv[1], int(sys.argv[2])))
