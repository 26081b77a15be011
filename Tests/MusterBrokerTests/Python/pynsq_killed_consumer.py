"""pynsq: a consumer killed mid-stream loses nothing. A child process reads with max_in_flight=5,
finishes its first 10 messages and holds the next 5 in flight, reports both sets and is SIGKILLed;
a second Reader on the same channel must then get every message the child did not finish (the held
ones with attempts 2) and none that it finished.

Because the broker never has more than RDY (5) messages in flight on the child's connection, the
child receiving 15 messages proves the broker processed its 10 FINs before the kill."""
import asyncio
import json
import sys

import delivery_checks as checks
import pynsq_support as support

TOPIC, CHANNEL, FINISHED, IN_FLIGHT = "pkilled", "work", 10, 5


async def child(address):
    finished, held = [], []

    def handle(message):
        message.enable_async()
        if len(finished) < FINISHED:
            message.finish()
            finished.append(message.body.decode())
            return
        held.append(message)
        if len(held) == IN_FLIGHT:
            print(json.dumps({"finished": finished, "held": [m.body.decode() for m in held]}), flush=True)

    support.reader(address, TOPIC, CHANNEL, handle, IN_FLIGHT)
    await asyncio.sleep(checks.TIMEOUT)
    print("the child consumer was never killed", file=sys.stderr)
    sys.exit(1)


async def main(address, count):
    wanted = checks.bodies("killed", count)
    writer = await support.connected_writer(address)
    await support.publish(writer, TOPIC, wanted)
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "child", address, stdout=asyncio.subprocess.PIPE)
    try:
        line = await asyncio.wait_for(process.stdout.readline(), checks.TIMEOUT)
    except asyncio.TimeoutError:
        line = b""
    process.kill()
    await process.wait()
    if not line:
        return "the child consumer never reported", ["the child exited or hung before holding messages"]
    report = json.loads(line)
    finished, held = set(report["finished"]), set(report["held"])
    ledger = checks.Ledger()

    def handle(message):
        ledger.record("second", message.body, message.attempts)
        return True

    reader = support.reader(address, TOPIC, CHANNEL, handle, 10)
    left = [b for b in wanted if b not in finished]
    problems = [] if await support.poll(lambda: ledger.has_any_of_all(left)) else ["timed out"]
    summary, found = checks.check_after_kill(ledger, wanted, finished, held)
    return summary, problems + found


if sys.argv[1] == "child":
    asyncio.run(child(sys.argv[2]))
else:
    checks.conclude("pynsq killed consumer", *asyncio.run(main(sys.argv[1], int(sys.argv[2]))))
