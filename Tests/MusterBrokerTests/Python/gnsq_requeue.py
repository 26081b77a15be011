"""gnsq: a Consumer requeues every message on its first attempt (REQ 0, no backoff) and finishes it
on the second; each must be seen with attempts 1 then 2. One message is requeued with a 300 ms
delay and must not come back sooner."""
import sys

import delivery_checks as checks
import gnsq_support as support

DELAY = 0.3


def main(address, count):
    wanted = checks.bodies("again", count)
    delayed = "delayed"
    ledger = checks.Ledger()

    def handle(message):
        ledger.record("consumer", message.body, message.attempts)
        if message.attempts > 1:
            return
        if message.body == delayed.encode():
            message.requeue(time_ms=int(DELAY * 1000), backoff=False)
        else:
            message.requeue(time_ms=0, backoff=False)

    consumer = support.consumer(address, "grequeue", "work", handle, 10)
    producer = support.producer(address)
    support.publish(producer, "grequeue", [delayed], multiple=False)
    support.publish(producer, "grequeue", wanted)
    everything = wanted + [delayed]
    problems = []
    if not support.poll(lambda: all(len(ledger.deliveries[b]) >= 2 for b in everything)):
        problems.append("timed out waiting for every redelivery")
    summary, found = checks.check_requeued(ledger, wanted, delayed, DELAY)
    return summary, problems + found


checks.conclude("gnsq requeue", *main(sys.argv[1], int(sys.argv[2])))
