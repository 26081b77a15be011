"""The consuming side of the container demo: a pynsq Reader on the embedded broker (NSQD_TCP_ADDRESS)
prints every message of topic `ticks` as `consumed: <body>` until it is stopped."""
import os
import signal

import nsq
import tornado.ioloop


def handle(message):
    print("consumed: %s" % message.body.decode(), flush=True)
    return True


reader = nsq.Reader(message_handler=handle, nsqd_tcp_addresses=[os.environ["NSQD_TCP_ADDRESS"]],
                    topic="ticks", channel="consumer", max_in_flight=10)
loop = tornado.ioloop.IOLoop.current()
signal.signal(signal.SIGTERM, lambda *_: loop.add_callback_from_signal(loop.stop))
print("consumer subscribed to ticks", flush=True)
loop.start()
