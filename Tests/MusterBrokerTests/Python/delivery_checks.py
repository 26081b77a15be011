"""Bookkeeping, client-neutral handlers and verdicts shared by the pynsq and gnsq delivery scripts
(issue 5, item 5).

The client scripts only drive their library; what counts as correct delivery (protocols.md §1.8)
is decided here, identically for both clients. Every script ends with `conclude`, which prints a
summary and exits 0, or prints each failure reason and exits 1.
"""
import collections
import sys
import time

# Bound on every wait, only as a guard against a hung broker: a healthy run takes well under it.
TIMEOUT = 15.0


def bodies(prefix, count):
    """The bodies of `count` distinct messages."""
    return ["%s-%d" % (prefix, i) for i in range(count)]


class Ledger:
    """Every delivery the consumers of one script saw, in order, by body."""

    def __init__(self):
        self.deliveries = collections.defaultdict(list)

    def record(self, consumer, body, attempts):
        if isinstance(body, bytes):
            body = body.decode()
        self.deliveries[body].append((consumer, attempts, time.monotonic()))

    def received_by(self, consumer, wanted):
        """The bodies among `wanted` that `consumer` has received at least once."""
        return {b for b in wanted if any(d[0] == consumer for d in self.deliveries.get(b, []))}

    def has_all(self, wanted, consumers):
        """Whether each consumer in `consumers` received every body of `wanted`."""
        return all(len(self.received_by(c, wanted)) == len(wanted) for c in consumers)

    def has_any_of_all(self, wanted):
        """Whether every body of `wanted` reached some consumer."""
        return all(self.deliveries.get(b) for b in wanted)


class SharedChannel:
    """Handlers for consumers of one channel (any client whose messages have body, attempts,
    enable_async and finish). Each consumer holds its first message until every consumer has one:
    with max_in_flight=1 the broker must then hand messages to all of them."""

    def __init__(self, wanted, consumers):
        self.ledger, self.wanted, self.consumers, self.held = Ledger(), wanted, consumers, []

    def handler(self, name):
        def handle(message):
            self.ledger.record(name, message.body, message.attempts)
            message.enable_async()
            self.held.append(message)
            if all(self.ledger.received_by(c, self.wanted) for c in self.consumers):
                while self.held:
                    self.held.pop().finish()
        return handle

    def complete(self):
        return self.ledger.has_any_of_all(self.wanted)

    def verdict(self):
        return check_shared(self.ledger, self.wanted, self.consumers)


class Fanout:
    """Handlers for one consumer per channel of a topic. Bodies starting with "probe" only mark
    their channel as existing; every message is finished (returning True finishes with pynsq;
    gnsq finishes after any return)."""

    def __init__(self, wanted, channels):
        self.ledger, self.wanted, self.channels, self.probed = Ledger(), wanted, channels, set()

    def handler(self, channel):
        def handle(message):
            if message.body.startswith(b"probe"):
                self.probed.add(channel)
            else:
                self.ledger.record(channel, message.body, message.attempts)
            return True
        return handle

    def all_probed(self):
        return len(self.probed) == len(self.channels)

    def unprobed(self):
        return "no batch published", ["only channels %s got a probe message" % sorted(self.probed)]

    def complete(self):
        return self.ledger.has_all(self.wanted, self.channels)

    def verdict(self):
        return check_every_channel(self.ledger, self.wanted, self.channels)


def listed(label, items):
    """A problem naming up to 8 of `items`, or nothing when there are none."""
    items = sorted(items)
    if not items:
        return []
    shown = ", ".join(str(i) for i in items[:8]) + (", ..." if len(items) > 8 else "")
    return ["%d %s: %s" % (len(items), label, shown)]


def check_shared(ledger, wanted, consumers):
    """One channel, several consumers: each message exactly once overall, each consumer some."""
    problems = ["consumer %s received none of the messages" % c
                for c in consumers if not ledger.received_by(c, wanted)]
    counts = {b: len(ledger.deliveries.get(b, [])) for b in wanted}
    problems += listed("messages never delivered", [b for b in wanted if counts[b] == 0])
    problems += listed("messages delivered more than once", [b for b in wanted if counts[b] > 1])
    problems += listed("messages with attempts other than 1",
                       [b for b in wanted if any(d[1] != 1 for d in ledger.deliveries.get(b, []))])
    shares = ", ".join("%s %d" % (c, len(ledger.received_by(c, wanted))) for c in consumers)
    return "one channel, %d messages shared: %s" % (len(wanted), shares), problems


def check_every_channel(ledger, wanted, channels):
    """One topic, several channels: every channel gets every message exactly once."""
    problems = []
    for channel in channels:
        counts = {b: len([d for d in ledger.deliveries.get(b, []) if d[0] == channel]) for b in wanted}
        problems += listed("messages channel %s never got" % channel, [b for b in wanted if counts[b] == 0])
        problems += listed("messages channel %s got more than once" % channel,
                           [b for b in wanted if counts[b] > 1])
    counts = ", ".join("%s %d" % (c, len(ledger.received_by(c, wanted))) for c in channels)
    return "one topic, %d messages to each channel: %s" % (len(wanted), counts), problems


def check_requeued(ledger, wanted, delayed, delay):
    """Each message seen with attempts 1 then 2; `delayed` came back no sooner than `delay` seconds."""
    problems = []
    patterns = collections.defaultdict(list)
    for body in wanted + [delayed]:
        attempts = [d[1] for d in ledger.deliveries.get(body, [])]
        if attempts != [1, 2]:
            shown = attempts if len(attempts) <= 4 else attempts[:4] + ["... %d deliveries" % len(attempts)]
            patterns[str(shown)].append(body)
    for attempts, affected in sorted(patterns.items()):
        problems += listed("messages delivered with attempts %s instead of [1, 2]" % attempts, affected)
    times = [d[2] for d in ledger.deliveries.get(delayed, [])]
    waited = times[1] - times[0] if len(times) == 2 else float("nan")
    if len(times) == 2 and not delay <= waited < delay + 5:
        problems.append("REQ with %d ms came back after %.0f ms" % (delay * 1000, waited * 1000))
    summary = "%d messages requeued at once and redelivered; REQ %d ms redelivered after %.0f ms" % (
        len(wanted), delay * 1000, waited * 1000)
    return summary, problems


def check_after_kill(ledger, wanted, finished, held):
    """After the first consumer was killed, the second got every message it had not finished: the
    ones it held with attempts 2, the ones it never saw with attempts 1."""
    def first_attempt(body):
        seen = ledger.deliveries.get(body, [])
        return seen[0][1] if seen else None

    left = [b for b in wanted if b not in finished]
    problems = listed("messages lost (never delivered to the second consumer)",
                      [b for b in left if first_attempt(b) is None])
    problems += listed("messages finished before the kill but redelivered",
                       [b for b in finished if first_attempt(b) is not None])
    problems += listed("messages in flight at the kill that came back with attempts other than 2",
                       [b for b in held if first_attempt(b) not in (None, 2)])
    problems += listed("messages the killed consumer never saw that arrived with attempts other than 1",
                       [b for b in left if b not in held and first_attempt(b) not in (None, 1)])
    received = len([b for b in left if first_attempt(b) is not None])
    summary = "killed consumer finished %d and held %d in flight; the second got %d of the %d left" % (
        len(finished), len(held), received, len(left))
    return summary, problems


def conclude(name, summary, problems):
    """Prints the outcome and exits: 0 without problems, 1 with the reasons otherwise."""
    print("%s: %s" % (name, summary))
    for problem in problems:
        print("FAIL: %s" % problem)
    print("%s %s" % (name, "FAILED" if problems else "PASSED"))
    sys.stdout.flush()
    sys.exit(1 if problems else 0)
