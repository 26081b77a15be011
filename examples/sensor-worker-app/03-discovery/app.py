"""App: every second, asks the registry which sensors and workers are healthy, takes a reading
from a sensor, has the next worker square it (round robin) and logs the result.

It knows nothing but the registry's address, $CONSUL_HTTP_ADDR: the others are found with
Consul's HTTP API, GET /v1/health/service/<name>?passing, as against a real Consul agent.
"""

import itertools
import os
import time

import web

registry = os.environ["CONSUL_HTTP_ADDR"]
if "://" not in registry:
    registry = f"http://{registry}"  # Consul's convention: host:port
interval = float(os.environ.get("APP_INTERVAL", "1"))


def healthy(service):
    """The healthy instances of service, as {id: "http://address:port"}."""
    entries = web.call(f"{registry}/v1/health/service/{service}?passing")
    return {
        entry["Service"]["ID"]: f"http://{entry['Service']['Address'] or entry['Node']['Address']}:{entry['Service']['Port']}"
        for entry in entries
    }


print(f"finding the sensor and the workers through the registry at {registry}")
known = None
turn = itertools.count()
while True:
    try:
        sensors, workers = healthy("sensor"), healthy("worker")
        if (sensors, workers) != known:
            known = (sensors, workers)
            listed = ", ".join(f"{name} at {url}" for name, url in sorted(workers.items())) or "none"
            print(f"healthy workers: {listed}")
        if sensors and workers:
            reading = web.call(f"{next(iter(sensors.values()))}/reading")
            name, url = sorted(workers.items())[next(turn) % len(workers)]
            result = web.call(f"{url}/square", {"n": reading["n"]})
            print(f"#{reading['seq']}: {reading['n']} -> {result['square']}  (squared by {name})")
        else:
            print("waiting for a healthy sensor and worker")
    except OSError as error:
        print(f"a call failed ({error}); trying again")
    time.sleep(interval)
