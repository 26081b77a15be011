"""App: every second, asks the registry which sensors and workers are healthy, takes a reading
from a sensor, has the next worker square it (round robin) and logs the result.

It knows nothing but the registry's address, $CONSUL_HTTP_ADDR: the others are found with
Consul's HTTP API, GET /v1/health/service/<name>?passing, as they would be with a real Consul agent.
"""

import itertools
import os
import time

import web

registry = os.environ["CONSUL_HTTP_ADDR"]
if "://" not in registry:
    registry = f"http://{registry}"  # Consul's convention: host:port
interval = float(os.environ.get("APP_INTERVAL", "1"))
turns = itertools.count()


def healthy(service):
    """The healthy instances of service, as {id: "http://address:port"}, sorted by id."""
    entries = web.call(f"{registry}/v1/health/service/{service}?passing")
    addresses = {}
    for entry in entries:
        address = entry["Service"]["Address"] or entry["Node"]["Address"]  # Consul: empty means the node's
        addresses[entry["Service"]["ID"]] = f"http://{address}:{entry['Service']['Port']}"
    return dict(sorted(addresses.items()))


def one_reading(sensors, workers):
    """Takes one reading from the first sensor, has the next worker square it; returns what to log."""
    if not sensors or not workers:
        return "waiting for a healthy sensor and a healthy worker"
    try:
        reading = web.call(f"{next(iter(sensors.values()))}/reading")
    except OSError as error:
        return f"the sensor does not answer ({getattr(error, 'reason', error)})"
    name, url = list(workers.items())[next(turns) % len(workers)]
    try:
        result = web.call(f"{url}/square", {"n": reading["n"]})
    except OSError as error:
        return f"{name} does not answer ({getattr(error, 'reason', error)}): reading #{reading['seq']} is lost"
    return f"#{reading['seq']}: {reading['n']} -> {result['square']}  (squared by {name})"


print(f"finding the sensor and the workers through the registry at {registry}")
listed = None
while True:
    try:
        sensors, workers = healthy("sensor"), healthy("worker")
    except OSError as error:
        print(f"the registry does not answer ({getattr(error, 'reason', error)})")
    else:
        if workers != listed:
            listed = workers
            print("healthy workers: " + (", ".join(f"{name} at {url}" for name, url in workers.items()) or "none"))
        print(one_reading(sensors, workers))
    time.sleep(interval)
