"""Plays a hostile peer against an HTTP listener on 127.0.0.1 and prints what the server did.

Usage: hostile_http_peer.py PORT junk|slow|hold N
  junk: send 1 MiB of random bytes, read the answer until EOF, then keep writing: a server that
        closed its descriptor resets the connection ("reset"); one that only half-closed and
        still holds it takes the bytes ("held").
  slow: send half a request head and nothing more; print "closed after S s" once the server
        closes, or "open" after 30 s.
  hold: open N connections, each answered once and then idle, then one more, and say
        whether the extra one was closed at once ("refused") or left open ("accepted").
"""
import os
import socket
import sys
import time

port, mode = int(sys.argv[1]), sys.argv[2]


def read_until_eof(s, limit):
    s.settimeout(limit)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk


if mode == "junk":
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(os.urandom(1 << 20))
    try:
        answer = read_until_eof(s, 30)
    except ConnectionResetError:
        answer = b"(reset before EOF)"
    print("answer", answer[:12] if answer.startswith(b"HTTP") else answer)
    verdict = "held"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            s.sendall(b"more junk\r\n" * 100)
        except (BrokenPipeError, ConnectionResetError):
            verdict = "reset"
            break
        time.sleep(0.05)
    print(verdict)
elif mode == "slow":
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow:")
    start = time.monotonic()
    try:
        read_until_eof(s, 30)
        print("closed after %.1f s" % (time.monotonic() - start))
    except socket.timeout:
        print("open")
    except ConnectionResetError:
        print("closed after %.1f s" % (time.monotonic() - start))
elif mode == "hold":
    count = int(sys.argv[3])
    held = []
    for _ in range(count):
        # Each held connection is answered once (keep-alive), so the server surely counts it.
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        s.settimeout(30)
        assert s.recv(65536).startswith(b"HTTP/1.1 200"), "a held connection was not served"
        held.append(s)
    extra = socket.create_connection(("127.0.0.1", port))
    try:
        read_until_eof(extra, 5)
        print("refused")
    except socket.timeout:
        print("accepted")
    except ConnectionResetError:
        print("refused")
    held[0].close()
    # A slot is free again: a real request on a new connection is answered.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        try:
            answer = read_until_eof(s, 5)
        except (socket.timeout, ConnectionResetError):
            answer = b""
        if answer.startswith(b"HTTP/1.1 200"):
            print("served again")
            break
        time.sleep(0.05)
