"""What the example's checkers share. They run under `muster test`, which starts the stack, waits
until it is ready and gives them its environment: MUSTER_API (the control API), NSQD_TCP_ADDRESS ...

Each checker prints what it verified and exits 0, or prints why it failed and exits 1.
"""

import json
import os
import re
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import nsq  # noqa: E402  (the example's own client, beside this directory)

API = os.environ["MUSTER_API"]
# How the apps log a result: "#17: 42 -> 1764  (squared by worker.2)".
RESULT_LINE = re.compile(r"#(\d+): (\d+) -> (\d+)  \(squared by (\S+)\)")


def fail(message):
    print(f"check failed: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def say(message):
    print(f"check: {message}", flush=True)


def control(method, path):
    """Calls the control API; returns its JSON answer."""
    request = urllib.request.Request(f"{API}{path}", method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def log_lines(service):
    """The lines a service has printed so far, as (instance, text)."""
    with urllib.request.urlopen(f"{API}/v1/logs?service={service}&tail=100000", timeout=10) as answer:
        return [(entry["instance"], entry["text"]) for entry in map(json.loads, answer.read().splitlines())]


def poll(condition, timeout):
    """Polls condition until it returns something true, which is returned; None after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value or None
        time.sleep(0.05)


def wait_until(condition, timeout, what):
    """Polls condition until it returns something true, which is returned; fails after timeout seconds."""
    value = poll(condition, timeout)
    if value is None:
        fail(f"no {what} within {timeout}s")
    return value


class Collector:
    """Gathers the items of a blocking iterable on a thread of its own, for the checker to poll."""

    def __init__(self, items):
        self.items, self.lock = [], threading.Lock()
        threading.Thread(target=self.run, args=(items,), daemon=True).start()

    def run(self, items):
        for item in items:
            with self.lock:
                self.items.append(item)

    def snapshot(self):
        with self.lock:
            return list(self.items)


def followed_logs(service):
    """A Collector of the service's log lines, (instance, text), from the first one on."""

    def lines():
        with urllib.request.urlopen(f"{API}/v1/logs?service={service}&tail=100000&follow=true") as answer:
            for line in answer:
                if line.strip():
                    entry = json.loads(line)
                    yield entry["instance"], entry["text"]

    return Collector(lines())


def subscribed_results(channel="check"):
    """A Collector of the results published from now on to topic results, on a channel of our own."""

    def results():
        consumer = nsq.Consumer(os.environ["NSQD_TCP_ADDRESS"], "results", channel, name="checker")
        for message in consumer:
            consumer.finish(message)
            yield json.loads(message.body)

    return Collector(results())


def result_lines(lines):
    """The results among (instance, text) lines of an app, as (seq, n, square, worker); fails on a wrong square."""
    results = []
    for _, text in lines:
        match = RESULT_LINE.search(text)
        if match:
            seq, n, square = map(int, match.groups()[:3])
            if square != n * n:
                fail(f"the app logged a wrong square: {text!r}")
            results.append((seq, n, square, match.group(4)))
    return results


def check_readings_came_from_the_sensor(readings):
    """Every (seq, n) was printed by the sensor as "#seq: read n"."""
    wanted = {f"#{seq}: read {n}" for seq, n in readings}
    wait_until(
        lambda: wanted <= {text for _, text in log_lines("sensor")}, 10,
        f"sensor lines for all of {sorted(wanted)}")
