"""pynsq plumbing shared by the pynsq delivery scripts: a connected Writer, publishing that awaits
nsqd's OK, readers, and awaiting a condition with the guard timeout of delivery_checks."""
import asyncio
import time

import nsq

from delivery_checks import TIMEOUT


async def poll(condition, interval=0.01, timeout=TIMEOUT):
    """Returns whether `condition()` became true before the timeout, checking every `interval`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(interval)
    return True


async def connected_writer(address):
    """A Writer with an open connection to nsqd."""
    writer = nsq.Writer([address])
    if not await poll(lambda: any(c.connected() for c in writer.conns.values())):
        raise RuntimeError("the pynsq Writer did not connect to %s" % address)
    return writer


async def publish(writer, topic, bodies, multiple=True):
    """Publishes `bodies` with one MPUB (or one PUB each) and waits for every OK."""
    loop = asyncio.get_running_loop()
    replies = []

    def send(method, payload):
        future = loop.create_future()
        method(topic, payload, callback=lambda conn, data: future.set_result(data))
        replies.append(future)

    if multiple:
        send(writer.mpub, [b.encode() for b in bodies])
    else:
        for body in bodies:
            send(writer.pub, body.encode())
    for data in await asyncio.wait_for(asyncio.gather(*replies), TIMEOUT):
        if data != b"OK":
            raise RuntimeError("publishing to %s failed: %r" % (topic, data))


def reader(address, topic, channel, handle, max_in_flight):
    """A Reader connected straight to nsqd; `handle(message)` is its message handler."""
    return nsq.Reader(topic=topic, channel=channel, nsqd_tcp_addresses=[address],
                      message_handler=handle, max_in_flight=max_in_flight)
