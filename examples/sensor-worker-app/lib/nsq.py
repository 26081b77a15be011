"""A tiny NSQ client: just enough of nsqd's TCP protocol to publish messages (PUB), subscribe to
a channel (SUB, RDY) and finish messages (FIN). The protocol is described at
https://nsq.io/clients/tcp_protocol_spec.html.

Real services would use pynsq, gnsq or go-nsq (they work against Muster's broker too); this one
uses only the Python standard library, so the example runs wherever Python 3 does. It blocks,
handles one message at a time and lets errors end the program: Muster restarts what crashes.
"""

import json
import socket
import struct

RESPONSE, ERROR, MESSAGE = 0, 1, 2  # the three kinds of frame nsqd sends
HEARTBEAT = b"_heartbeat_"


class NSQError(Exception):
    """The broker answered with an error frame, such as `E_BAD_TOPIC ...`."""


class Message:
    """A message as delivered: its id, how many times it has been delivered, and its body."""

    def __init__(self, frame):
        self.timestamp_ns, self.attempts = struct.unpack(">qH", frame[:10])
        self.id = frame[10:26]
        self.body = frame[26:]


class Connection:
    """One TCP connection to nsqd: the magic bytes, IDENTIFY, then command lines and frames."""

    def __init__(self, address, name):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(b"  V2")
        identity = {"client_id": name, "hostname": socket.gethostname(), "user_agent": "sensor-worker-app/1"}
        self.send(b"IDENTIFY", json.dumps(identity).encode())
        self.expect_ok("IDENTIFY")

    def send(self, line, body=None):
        """Sends a command line, followed by a length-prefixed body for PUB and IDENTIFY."""
        data = line + b"\n"
        if body is not None:
            data += struct.pack(">i", len(body)) + body
        self.sock.sendall(data)

    def read_frame(self):
        """The next frame that is not a heartbeat, as (type, data). Heartbeats get their NOP."""
        while True:
            size, frame_type = struct.unpack(">ii", self.read_exactly(8))
            data = self.read_exactly(size - 4)
            if frame_type == RESPONSE and data == HEARTBEAT:
                self.send(b"NOP")
            elif frame_type == ERROR:
                raise NSQError(data.decode(errors="replace"))
            else:
                return frame_type, data

    def expect_ok(self, command):
        frame_type, data = self.read_frame()
        if (frame_type, data) != (RESPONSE, b"OK"):
            raise NSQError(f"{command} was answered with {data!r} instead of OK")

    def read_exactly(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("the broker closed the connection")
            data += chunk
        return data


class Producer:
    """Publishes messages to topics, each one confirmed by the broker's OK."""

    def __init__(self, address, name="producer"):
        self.address, self.name = address, name
        self.connection = Connection(address, name)

    def publish(self, topic, body):
        if isinstance(body, str):
            body = body.encode()
        try:
            self._publish(topic, body)
        except OSError:
            # nsqd drops a connection that has not answered its heartbeats for a minute (an idle
            # producer reads nothing, so it answers none): connect again and publish once more.
            self.connection = Connection(self.address, self.name)
            self._publish(topic, body)

    def _publish(self, topic, body):
        self.connection.send(b"PUB " + topic.encode(), body)
        self.connection.expect_ok("PUB")


class Consumer:
    """Subscribes to a channel of a topic and yields its messages one at a time (RDY 1).

    Consumers sharing a channel share its messages: each message goes to one of them. Call
    finish(message) once it is handled; if this consumer goes away before that, the broker gives
    the message to another consumer of the channel.
    """

    def __init__(self, address, topic, channel, name="consumer"):
        self.connection = Connection(address, name)
        self.connection.send(f"SUB {topic} {channel}".encode())
        self.connection.expect_ok("SUB")
        self.connection.send(b"RDY 1")  # at most one message in flight at a time

    def __iter__(self):
        while True:
            frame_type, data = self.connection.read_frame()
            if frame_type == MESSAGE:
                yield Message(data)

    def finish(self, message):
        self.connection.send(b"FIN " + message.id)
