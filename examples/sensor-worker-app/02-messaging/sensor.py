"""Sensor: publishes a random reading to topic sensor_data every second, numbered from 1."""

import json
import os
import random
import time

import nsq

interval = float(os.environ.get("SENSOR_INTERVAL", "1"))
broker = nsq.Producer(os.environ["NSQD_TCP_ADDRESS"], name=os.environ.get("PS", "sensor"))

print(f"publishing a reading to topic sensor_data every {interval:g}s")
seq = 0
while True:
    seq += 1
    n = random.randint(0, 99)
    print(f"#{seq}: read {n}")
    broker.publish("sensor_data", json.dumps({"seq": seq, "n": n}))
    time.sleep(interval)
