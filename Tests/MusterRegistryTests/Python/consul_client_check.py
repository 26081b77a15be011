"""Exercises a Consul client library against Muster's registry (shared/protocols.md §6.5).

Usage: consul_client_check.py HOST:PORT
Works with py-consul (module `consul`, >= 1.4) and the legacy python-consul 1.1.0, whichever is
importable. Prints "consul client check passed" at the end; any failed assertion exits non-zero.
"""

import http.server
import os
import sys
import threading
import time

import consul

host, port = sys.argv[1].rsplit(":", 1)
os.environ["CONSUL_HTTP_ADDR"] = sys.argv[1]  # python-consul lets this override its arguments
c = consul.Consul(host=host, port=int(port))
legacy = not hasattr(consul, "api")  # python-consul 1.1.0 has no consul.api package
print("library:", "python-consul" if legacy else "py-consul", flush=True)


def poll(what, condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


# Registration with a TTL check, agent and health views. The TTL is long so that a loaded machine
# cannot expire it between two assertions; expiry is checked below on a check of its own.
assert c.agent.service.register(
    "web", service_id="web-1", address="127.0.0.1", port=8080, tags=["v1"], check=consul.Check.ttl("120s")
) is True
assert c.agent.services()["web-1"]["Port"] == 8080
idx, nodes = c.health.service("web")
assert [n["Service"]["ID"] for n in nodes] == ["web-1"], nodes
assert {ch["CheckID"] for ch in nodes[0]["Checks"]} == {"service:web-1", "serfHealth"}
assert c.health.service("web", passing=True)[1] == []  # TTL starts critical
assert c.agent.check.ttl_pass("service:web-1", notes="ok") is True
assert c.health.service("web", passing=True)[1][0]["Service"]["Port"] == 8080
assert c.agent.checks()["service:web-1"]["Output"] == "ok"
assert c.agent.check.ttl_warn("service:web-1", notes="slow") is True
assert c.health.service("web", passing=True)[1] == []  # warning is not passing
assert c.agent.check.register("expiring", check=consul.Check.ttl("1s"), check_id="expiring") is True
assert c.agent.check.ttl_pass("expiring") is True
poll("the TTL to expire", lambda: c.agent.checks()["expiring"]["Status"] == "critical")
assert c.agent.checks()["expiring"]["Output"].startswith("TTL expired")
assert c.agent.check.deregister("expiring") is True

# Catalog queries, and a blocking query that times out with the same index.
idx, svcs = c.catalog.services()
assert svcs["web"] == ["v1"], svcs
idx, inst = c.catalog.service("web", tag="v1")
assert inst[0]["ServiceID"] == "web-1"
t = time.monotonic()
idx2, _ = c.catalog.service("web", index=idx, wait="200ms")
elapsed = time.monotonic() - t
assert idx2 == idx and 0.2 <= elapsed < 15.0, (idx, idx2, elapsed)  # the upper bound allows for load

# A blocked health query returns promptly when a TTL status changes.
idx, _ = c.health.service("web")
threading.Timer(0.3, lambda: c.agent.check.ttl_pass("service:web-1")).start()
t = time.monotonic()
idx2, nodes = c.health.service("web", index=idx, wait="30s")
assert idx2 > idx and time.monotonic() - t < 25, (idx, idx2)  # well before the 30 s wait
assert [ch["Status"] for ch in nodes[0]["Checks"] if ch["CheckID"] == "service:web-1"] == ["passing"]

# KV.
assert c.kv.get("missing")[1] is None
assert c.kv.put("cfg/a", "x") is True and c.kv.get("cfg/a")[1]["Value"] == b"x"
d = c.kv.get("cfg/a")[1]
assert c.kv.put("cfg/a", "y", cas=0) is False
assert c.kv.put("cfg/a", "y", cas=d["ModifyIndex"]) is True
c.kv.put("cfg/b/c", "1")
assert c.kv.get("cfg/", keys=True, separator="/")[1] == ["cfg/a", "cfg/b/"]
assert [e["Key"] for e in c.kv.get("cfg/", recurse=True)[1]] == ["cfg/a", "cfg/b/c"]
idx, _ = c.kv.get("cfg/", recurse=True)
threading.Timer(0.3, lambda: c.kv.put("cfg/new", "z")).start()
idx2, entries = c.kv.get("cfg/", recurse=True, index=idx, wait="30s")
assert idx2 > idx and "cfg/new" in [e["Key"] for e in entries]
assert c.kv.delete("cfg/", recurse=True) is True and c.kv.get("cfg/", recurse=True)[1] is None
assert c.kv.put("bin", b"\x00\xff\n") is True and c.kv.get("bin")[1]["Value"] == b"\x00\xff\n"

# Agent and status.
assert c.status.leader() == c.agent.self()["Stats"]["consul"]["leader_addr"]
assert set(c.agent.self()) == {"Member", "xDS", "Stats", "Config", "Coord", "DebugConfig", "Meta"}
assert c.agent.service.deregister("web-1") is True and c.health.service("web")[1] == []
assert c.agent.service.deregister("web-1") is False  # 404 now


# HTTP and TCP checks the registry runs, against a local server.
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(429 if self.path == "/busy" else 200)
        self.end_headers()
        self.wfile.write(b"hello from " + self.path.encode())

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d" % server.server_port
c.agent.service.register("probe-ok", check=consul.Check.http(base + "/health", "1s"))
c.agent.service.register("probe-busy", check=consul.Check.http(base + "/busy", "1s"))
c.agent.service.register("probe-tcp", check=consul.Check.tcp("127.0.0.1", server.server_port, "1s"))
poll("the HTTP check to pass", lambda: c.health.service("probe-ok", passing=True)[1])
poll("the TCP check to pass", lambda: c.health.service("probe-tcp", passing=True)[1])
busy = poll(
    "the 429 check to warn",
    lambda: [ch for ch in c.health.checks("probe-busy")[1] if ch["Status"] == "warning"],
)
assert "hello from /busy" in busy[0]["Output"], busy
assert c.agent.checks()["service:probe-ok"]["Output"].startswith("HTTP GET " + base + "/health: 200")
server.shutdown()
server.server_close()
poll("the HTTP check to fail once the server is gone", lambda: c.health.service("probe-ok", passing=True)[1] == [])

if not legacy:
    assert c.agent.service.register(
        "multi", service_id="multi-1", check=consul.Check.ttl("10s"), extra_checks=[consul.Check.ttl("10s")]
    ) is True
    assert sorted(c.agent.checks()) == ["service:multi-1:1", "service:multi-1:2", "service:probe-busy",
                                        "service:probe-ok", "service:probe-tcp"]
for service_id in ["probe-ok", "probe-busy", "probe-tcp"] + ([] if legacy else ["multi-1"]):
    assert c.agent.service.deregister(service_id) is True
assert c.agent.checks() == {}
print("consul client check passed", flush=True)
