"""App: every second, asks the sensor for a reading, has the worker square it and logs the result.

It finds the others through the addresses Muster injects: $SENSOR_URL and $WORKER_URL.
"""

import os
import time

import web

sensor = os.environ["SENSOR_URL"]
worker = os.environ["WORKER_URL"]
interval = float(os.environ.get("APP_INTERVAL", "1"))


def one_reading():
    """Takes one reading, has it squared; returns what to log."""
    try:
        reading = web.call(f"{sensor}/reading")
    except OSError as error:
        return f"the sensor does not answer ({getattr(error, 'reason', error)})"
    try:
        result = web.call(f"{worker}/square", {"n": reading["n"]})
    except OSError as error:
        return f"the worker does not answer ({getattr(error, 'reason', error)}): reading #{reading['seq']} is lost"
    return f"#{reading['seq']}: {reading['n']} -> {result['square']}  (squared by {result['worker']})"


print(f"asking the sensor at {sensor} and the worker at {worker}")
while True:
    print(one_reading())
    time.sleep(interval)
