"""Worker: squares the readings of topic sensor_data and publishes each result to topic results.

Every worker subscribes to the same channel, "worker", so each reading goes to exactly one of
them. A reading is finished (FIN) only once its result is published: if this worker dies
half-way, the broker hands the unfinished reading to another worker, and nothing is lost.
"""

import json
import os
import time

import nsq

me = os.environ.get("PS", "worker")  # worker.1, worker.2 ...
work = float(os.environ.get("WORK_SECONDS", "1.5"))  # squaring is hard work
address = os.environ["NSQD_TCP_ADDRESS"]
results = nsq.Producer(address, name=me)
readings = nsq.Consumer(address, "sensor_data", "worker", name=me)

print("waiting for readings on topic sensor_data, channel worker")
for message in readings:
    reading = json.loads(message.body)
    again = f" (delivery {message.attempts}: another worker did not finish it)" if message.attempts > 1 else ""
    print(f"#{reading['seq']}: squaring {reading['n']}{again}")
    time.sleep(work)
    result = {**reading, "square": reading["n"] ** 2, "worker": me, "attempts": message.attempts}
    results.publish("results", json.dumps(result))
    readings.finish(message)
