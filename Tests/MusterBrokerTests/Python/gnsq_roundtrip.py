"""gnsq against Muster's broker: a Producer publishes, a Consumer receives; exits 0 on success."""
import sys

import gevent
import gnsq

address, count = sys.argv[1], int(sys.argv[2])
producer = gnsq.Producer(nsqd_tcp_addresses=[address])
producer.start()
for i in range(count):
    producer.publish("gcompat", str(i).encode())
producer.close()

received = set()
consumer = gnsq.Consumer("gcompat", "gnsq", nsqd_tcp_addresses=[address], max_in_flight=10)


@consumer.on_message.connect
def handle(consumer, message):
    received.add(message.body.decode())
    if len(received) == count:
        consumer.close()


gevent.spawn_later(20, consumer.close)
consumer.start()
print("received %d of %d" % (len(received), count))
sys.exit(0 if len(received) == count else 1)
