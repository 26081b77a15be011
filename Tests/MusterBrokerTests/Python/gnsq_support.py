"""gnsq plumbing shared by the gnsq delivery scripts: a started Producer, publishing that checks
nsqd's OK, started Consumers, and awaiting a condition with the guard timeout of delivery_checks."""
import time

import gevent
import gnsq

from delivery_checks import TIMEOUT


def poll(condition, interval=0.01, timeout=TIMEOUT):
    """Returns whether `condition()` became true before the timeout, checking every `interval`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        gevent.sleep(interval)
    return True


def producer(address):
    """A started Producer; its publishes block until nsqd answers."""
    started = gnsq.Producer(nsqd_tcp_addresses=[address])
    started.start()
    return started


def publish(producer, topic, bodies, multiple=True):
    """Publishes `bodies` with one MPUB (or one PUB each), raising unless nsqd answers OK."""
    if multiple:
        replies = [producer.multipublish(topic, [b.encode() for b in bodies], timeout=TIMEOUT)]
    else:
        replies = [producer.publish(topic, b.encode(), timeout=TIMEOUT) for b in bodies]
    for reply in replies:
        if reply != b"OK":
            raise RuntimeError("publishing to %s failed: %r" % (topic, reply))


def consumer(address, topic, channel, handle, max_in_flight):
    """A started Consumer connected straight to nsqd; `handle(message)` runs for each message and
    the message is finished after it returns unless it responded or enabled async."""
    started = gnsq.Consumer(topic, channel, nsqd_tcp_addresses=[address], max_in_flight=max_in_flight)
    started.on_message.connect(lambda _, message: handle(message), weak=False)
    started.start(block=False)
    return started
