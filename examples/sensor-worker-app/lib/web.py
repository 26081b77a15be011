"""HTTP with JSON bodies, in a few lines of the Python standard library: what the example's
services need to call each other (call) and to answer calls (serve)."""

import json
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def call(url, document=None, timeout=5):
    """GETs url, or POSTs document to it as JSON; returns the JSON answer."""
    data = None if document is None else json.dumps(document).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return json.load(answer)


def serve(port, routes):
    """Answers requests on 127.0.0.1:port until the process ends. routes maps ("GET", "/path")
    to a function that takes the request's JSON document (None for a GET) and returns the answer's."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.answer("GET")

        def do_POST(self):
            self.answer("POST")

        def answer(self, method):
            route = routes.get((method, self.path))
            if route is None:
                known = ", ".join(f"{verb} {path}" for verb, path in routes)
                return self.reply(404, {"error": f"nothing answers {method} {self.path} here; try {known}"})
            length = int(self.headers.get("Content-Length") or 0)
            self.reply(200, route(json.loads(self.rfile.read(length)) if length else None))

        def reply(self, status, document):
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass  # the services print their own lines

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
