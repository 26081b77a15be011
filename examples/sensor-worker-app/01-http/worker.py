"""Worker: answers POST /square {"n": 7} with {"n": 7, "square": 49, "worker": "worker.1"}, on its own $PORT."""

import os

import web

me = os.environ.get("PS", "worker")  # Muster names every instance: worker.1, worker.2 ...


def square(document):
    n = document["n"]
    print(f"squaring {n}")
    return {"n": n, "square": n * n, "worker": me}


port = int(os.environ["PORT"])
print(f"squaring numbers at http://127.0.0.1:{port}/square")
web.serve(port, {("POST", "/square"): square, ("GET", "/health"): lambda _: {"status": "ok"}})
