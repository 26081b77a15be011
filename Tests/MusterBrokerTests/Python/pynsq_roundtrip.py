"""pynsq against Muster's broker: a Writer publishes N messages (PUB and MPUB), a Reader consumes
them all; exits 0 when every message arrived, 1 (with the reason) otherwise."""
import sys

import nsq
import tornado.ioloop

address, count = sys.argv[1], int(sys.argv[2])
loop = tornado.ioloop.IOLoop.current()
received = set()
result = {"code": 1, "why": "timed out after 20s"}


def handle(message):
    received.add(message.body.decode())
    if len(received) == count:
        result.update(code=0, why="")
        loop.stop()
    return True


reader = nsq.Reader(message_handler=handle, nsqd_tcp_addresses=[address], topic="compat",
                    channel="pynsq", max_in_flight=20)
writer = nsq.Writer([address])


def published(conn, data):
    if isinstance(data, nsq.Error):
        result.update(code=1, why="publish failed: %s" % data)
        loop.stop()


def publish_when_connected():
    if not writer.conns:
        loop.call_later(0.02, publish_when_connected)
        return
    half = count // 2
    for i in range(half):
        writer.pub("compat", str(i).encode(), callback=published)
    writer.mpub("compat", [str(i).encode() for i in range(half, count)], callback=published)


loop.call_later(0.02, publish_when_connected)
loop.call_later(20, loop.stop)
loop.start()
print("received %d of %d %s" % (len(received), count, result["why"]))
sys.exit(result["code"])
