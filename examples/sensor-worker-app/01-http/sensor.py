"""Sensor: answers GET /reading with a random number, on its own $PORT."""

import itertools
import os
import random

import web

readings = itertools.count(1)


def reading(_):
    seq, n = next(readings), random.randint(0, 99)
    print(f"#{seq}: read {n}")
    return {"seq": seq, "n": n}


port = int(os.environ["PORT"])
print(f"serving readings at http://127.0.0.1:{port}/reading")
web.serve(port, {("GET", "/reading"): reading, ("GET", "/health"): lambda _: {"status": "ok"}})
