"""App: every second, asks the sensor for a reading, has the worker square it and logs the result.

It finds the others through the addresses Muster injects: $SENSOR_URL and $WORKER_URL.
"""

import os
import time

import web

sensor = os.environ["SENSOR_URL"]
worker = os.environ["WORKER_URL"]
interval = float(os.environ.get("APP_INTERVAL", "1"))

print(f"asking the sensor at {sensor} and the worker at {worker}")
while True:
    try:
        reading = web.call(f"{sensor}/reading")
        result = web.call(f"{worker}/square", {"n": reading["n"]})
        print(f"#{reading['seq']}: {reading['n']} -> {result['square']}  (squared by {result['worker']})")
    except OSError as error:
        print(f"cannot reach the sensor or the worker yet ({error}); trying again")
    time.sleep(interval)
