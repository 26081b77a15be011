"""gnsq: a consumer killed mid-stream loses nothing. A child process consumes with max_in_flight=5,
finishes its first 10 messages and holds the next 5 in flight, reports both sets and is SIGKILLed;
a second Consumer on the same channel must then get every message the child did not finish (the
held ones with attempts 2) and none that it finished.

Because the broker never has more than RDY (5) messages in flight on the child's connection, the
child receiving 15 messages proves the broker processed its 10 FINs before the kill."""
import json
import sys

import gevent
from gevent import subprocess

import delivery_checks as checks
import gnsq_support as support

TOPIC, CHANNEL, FINISHED, IN_FLIGHT = "gkilled", "work", 10, 5


def child(address):
    finished, held = [], []

    def handle(message):
        if len(finished) < FINISHED:
            finished.append(message.body.decode())
            return
        message.enable_async()
        held.append(message)
        if len(held) == IN_FLIGHT:
            print(json.dumps({"finished": finished, "held": [m.body.decode() for m in held]}), flush=True)

    support.consumer(address, TOPIC, CHANNEL, handle, IN_FLIGHT)
    gevent.sleep(checks.TIMEOUT)
    print("the child consumer was never killed", file=sys.stderr)
    sys.exit(1)


def main(address, count):
    wanted = checks.bodies("killed", count)
    producer = support.producer(address)
    support.publish(producer, TOPIC, wanted)
    process = subprocess.Popen([sys.executable, __file__, "child", address], stdout=subprocess.PIPE)
    line = b""
    with gevent.Timeout(checks.TIMEOUT, False):
        line = process.stdout.readline()
    process.kill()
    process.wait()
    if not line:
        return "the child consumer never reported", ["the child exited or hung before holding messages"]
    report = json.loads(line)
    finished, held = set(report["finished"]), set(report["held"])
    ledger = checks.Ledger()
    consumer = support.consumer(
        address, TOPIC, CHANNEL, lambda m: ledger.record("second", m.body, m.attempts), 10)
    left = [b for b in wanted if b not in finished]
    problems = [] if support.poll(lambda: ledger.has_any_of_all(left)) else ["timed out"]
    summary, found = checks.check_after_kill(ledger, wanted, finished, held)
    return summary, problems + found


if sys.argv[1] == "child":
    child(sys.argv[2])
else:
    checks.conclude("gnsq killed consumer", *main(sys.argv[1], int(sys.argv[2])))
