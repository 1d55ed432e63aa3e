"""Shared by the websocket tests (t/integration/ws_*.t): TAP output, the
stack's addresses, a raw client that writes the handshake and every frame
byte by byte (for what python3-websockets will not send: unmasked frames,
bad keys, a small receive buffer), python3-websockets connections with an
Origin, the API calls the tests need, and waits that wait for the event
itself until a deadline (no fixed sleeps: the CI machine may be slow)."""
import asyncio
import base64
import hashlib
import json
import os
import re
import socket
import struct
import time
import traceback
import urllib.error
import urllib.request
import uuid

import websockets

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8080")
HOST, PORT = re.match(r"http://([^:/]+):(\d+)", BASE_URL).groups()
PORT = int(PORT)
ORIGIN = BASE_URL  # what a browser on the site sends
WS_URL = f"ws://{HOST}:{PORT}"
VAR_DIR = os.environ.get("VAR_DIR", "")
PING_PONG = "/ws/ping-pong/"
NOTIFICATIONS = "/ws/notifications/"
MAX_MESSAGE = int(os.environ.get("WS_MAX_MESSAGE_BYTES", "65536"))
PONG_KEYS = sorted(["message", "sender", "user", "cached_value", "server_recv_ping", "server_send_pong", "vue_ping"])
WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CLOSE, PING, PONG, CONT = 1, 2, 8, 9, 10, 0


# --- TAP ------------------------------------------------------------------------------


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, *diag):
        self.n += 1
        print(f"{'ok' if cond else 'not ok'} {self.n} - {desc}", flush=True)
        if not cond:
            self.failed += 1
            for line in diag:
                for part in str(line).splitlines():
                    print(f"#   {part[:400]}", flush=True)
        return bool(cond)

    def is_(self, got, want, desc, *diag):
        return self.ok(got == want, desc, f"got:  {got!r}", f"want: {want!r}", *diag)

    def run(self, section, *args):
        """Runs one section of a script; an exception in it (a connection
        that broke where a reply was due) is one failed test, and the next
        section still runs."""
        try:
            return section(*args)
        except Exception:  # noqa: BLE001 (any exception is the failure reported)
            name = getattr(args[0], "__name__", section.__name__) if args else section.__name__
            self.ok(False, f"{name} ran to its end", traceback.format_exc())

    def note(self, line):
        print(f"# {line}", flush=True)

    def done(self):
        print(f"1..{self.n}", flush=True)
        return 0 if self.failed == 0 else 1


def tag():
    """A marker no other test sends: filters this test's pongs out of the shared group."""
    return "t-" + uuid.uuid4().hex[:12]


def ping_text(message, sender, ts=None):
    return json.dumps({"message": message, "ts": time.time() * 1000 if ts is None else ts, "sender": sender})


# --- the raw client ------------------------------------------------------------------------


def accept_of(key):
    return base64.b64encode(hashlib.sha1(key.encode() + WS_GUID).digest()).decode()


def mask_bytes(payload, key):
    n = len(payload)
    if n == 0:
        return b""
    k = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(k, "big")).to_bytes(n, "big")


class Closed(Exception):
    """The peer closed the TCP connection (EOF) without a close frame first."""


class Raw:
    """One connection on a plain socket: the handshake as given, frames as given.
    key=None makes a valid Sec-WebSocket-Key; key="" leaves it out (so do
    version="" and origin=None); upgrade=False leaves out Upgrade and
    Connection, a string is sent as Upgrade's value. unix: a wsd socket
    path instead of nginx.
    status, headers (lower-case names) and body are the handshake's reply."""

    def __init__(self, path=PING_PONG, origin=ORIGIN, headers=(), unix=None, key=None, version="13",
                 upgrade=True, host=None, rcvbuf=None, timeout=15):
        self.sock = socket.socket(socket.AF_UNIX if unix else socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect(unix or (HOST, PORT))
        self.buf = b""
        self.key = base64.b64encode(os.urandom(16)).decode() if key is None else key
        host = host if host is not None else ("localhost" if unix else f"{HOST}:{PORT}")
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}"]
        if upgrade:
            lines += [f"Upgrade: {'websocket' if upgrade is True else upgrade}", "Connection: Upgrade"]
            lines += [f"Sec-WebSocket-Key: {self.key}"] if self.key else []
            lines += [f"Sec-WebSocket-Version: {version}"] if version else []
        lines += [f"Origin: {origin}"] if origin is not None else []
        lines += [f"{k}: {v}" for k, v in headers]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))  # "\xff" is the byte 0xff
        self.status, self.headers, self.body = self._reply(time.monotonic() + timeout)

    def _fill(self, end):
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError
        self.sock.settimeout(left)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise TimeoutError from None
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            raise Closed
        self.buf += chunk

    def _reply(self, end):
        try:
            while b"\r\n\r\n" not in self.buf:
                self._fill(end)
        except (Closed, TimeoutError):
            return 0, {}, self.buf
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        status = int(m.group(1)) if m else 0
        if status == 101:
            return status, headers, b""
        want = int(headers.get("content-length", "-1") or -1)
        try:
            while want < 0 or len(self.buf) < want:
                self._fill(end)
        except (Closed, TimeoutError):
            pass
        body, self.buf = (self.buf[:want], self.buf[want:]) if want >= 0 else (self.buf, b"")
        return status, headers, body

    def json_body(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def accepted(self):
        """101 with the Sec-WebSocket-Accept that matches our key."""
        return self.status == 101 and self.headers.get("sec-websocket-accept") == accept_of(self.key)

    def send(self, opcode, payload=b"", fin=True, mask=True):
        if isinstance(payload, str):
            payload = payload.encode()
        head = bytes([(0x80 if fin else 0) | opcode])
        n, bit = len(payload), 0x80 if mask else 0
        if n < 126:
            head += bytes([bit | n])
        elif n < 65536:
            head += bytes([bit | 126]) + struct.pack("!H", n)
        else:
            head += bytes([bit | 127]) + struct.pack("!Q", n)
        if mask:
            key = os.urandom(4)
            head, payload = head + key, mask_bytes(payload, key)
        try:
            self.sock.sendall(head + payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # what the server answered before it closed is still to read

    def text(self, s):
        self.send(TEXT, s)

    def frame(self, timeout=10):
        """(fin, opcode, payload) of the next frame; TimeoutError, or Closed at EOF."""
        end = time.monotonic() + timeout
        while len(self.buf) < 2:
            self._fill(end)
        b0, b1 = self.buf[0], self.buf[1]
        n, pos = b1 & 0x7F, 2
        if n == 126:
            while len(self.buf) < 4:
                self._fill(end)
            n, pos = struct.unpack("!H", self.buf[2:4])[0], 4
        elif n == 127:
            while len(self.buf) < 10:
                self._fill(end)
            n, pos = struct.unpack("!Q", self.buf[2:10])[0], 10
        if b1 & 0x80:
            pos += 4  # a server must not mask; the tests check the payload anyway
        while len(self.buf) < pos + n:
            self._fill(end)
        payload, self.buf = self.buf[pos:pos + n], self.buf[pos + n:]
        return bool(b0 & 0x80), b0 & 0x0F, payload

    def message(self, timeout=10, answer_pings=True):
        """(opcode, payload) of the next whole data message or close frame."""
        end = time.monotonic() + timeout
        parts, first = [], None
        while True:
            fin, op, payload = self.frame(max(0.001, end - time.monotonic()))
            if op == PING and answer_pings:
                self.send(PONG, payload)
                continue
            if op in (CLOSE, PING, PONG):
                return op, payload
            first = op if first is None else first
            parts.append(payload)
            if fin:
                return first, b"".join(parts)

    def next_json(self, timeout=10, where=lambda m: True):
        """The next text message that is JSON and satisfies where; None at the
        deadline or when the connection closed first (self.closed_with says how)."""
        end = time.monotonic() + timeout
        while True:
            try:
                op, payload = self.message(max(0.001, end - time.monotonic()))
            except (TimeoutError, Closed):
                return None
            if op == CLOSE:
                self.closed_with = close_of(payload)
                return None
            if op == TEXT:
                try:
                    m = json.loads(payload)
                except ValueError:
                    continue
                if where(m):
                    return m

    def until_close(self, timeout=10):
        """(code, reason) of the server's close frame (data before it is
        skipped), "eof" when the TCP connection ended without one, None at the deadline."""
        end = time.monotonic() + timeout
        while True:
            try:
                fin, op, payload = self.frame(max(0.001, end - time.monotonic()))
            except TimeoutError:
                return None
            except Closed:
                return "eof"
            if op == CLOSE:
                return close_of(payload)

    def eof(self, timeout=10):
        """True when the server ends the TCP connection before the deadline."""
        end = time.monotonic() + timeout
        try:
            while True:
                self.buf = b""
                self._fill(end)
        except Closed:
            return True
        except TimeoutError:
            return False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def close_of(payload):
    if len(payload) >= 2:
        return struct.unpack("!H", payload[:2])[0], payload[2:].decode("utf-8", "replace")
    return 1005, ""


def pong_round(ws, sender, timeout=10):
    """Raw ws sends a ping as sender; returns the pong it gets back, or None."""
    marker = tag()
    ws.text(ping_text(marker, sender))
    return ws.next_json(timeout, lambda m: m.get("message") == marker)


# --- python3-websockets clients ------------------------------------------------------------------


async def connect(path=PING_PONG, origin=ORIGIN, headers=(), unix=None, **kw):
    """A python3-websockets client (it masks every frame, as clients must)."""
    opts = dict(origin=origin, extra_headers=list(headers), ping_interval=None, compression=None, max_size=None,
                open_timeout=30, close_timeout=5)
    opts.update(kw)
    if unix:
        return await websockets.unix_connect(unix, "ws://localhost" + path, **opts)
    return await websockets.connect(WS_URL + path, **opts)


async def next_json(ws, timeout, where=lambda m: True):
    """The next JSON message that satisfies where; None at the deadline or on close."""
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return None
        try:
            raw = await asyncio.wait_for(ws.recv(), left)
        except (asyncio.TimeoutError, websockets.ConnectionClosed):
            return None
        try:
            m = json.loads(raw)
        except (ValueError, TypeError):
            continue
        if where(m):
            return m


async def closed_with(ws, timeout):
    """(code, reason) once the server closed ws, None at the deadline (what
    arrives before the close is read and dropped)."""
    end = time.monotonic() + timeout
    try:
        while True:
            await asyncio.wait_for(ws.recv(), max(0.001, end - time.monotonic()))
    except asyncio.TimeoutError:
        return None
    except websockets.ConnectionClosed:
        return ws.close_code, ws.close_reason


async def auth_ack(ws, timeout=15):
    return await next_json(ws, timeout, lambda m: m.get("type") == "auth")


# --- the API --------------------------------------------------------------------------------


def api(method, path, body=None, token=None, headers=None, raw=None, ctype=None):
    """(status, parsed JSON or text) of a request through nginx."""
    hdrs = dict(headers or {})
    data = raw
    if body is not None:
        data, hdrs["Content-Type"] = json.dumps(body).encode(), "application/json"
    if ctype:
        hdrs["Content-Type"] = ctype
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(BASE_URL + path, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, text = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def upload_statement(token, csv_bytes, month):
    boundary = "wsTestBoundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"form\"\r\n\r\n{{\"month\":\"{month}\"}}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + csv_bytes + f"\r\n--{boundary}--\r\n".encode()
    return api("POST", "/api/statements/", token=token, raw=body, ctype=f"multipart/form-data; boundary={boundary}")


def wait_until(seconds, check, every=0.1):
    """check() until it returns something true or the deadline passes: its last value."""
    end = time.monotonic() + seconds
    while True:
        got = check()
        if got or time.monotonic() >= end:
            return got
        time.sleep(every)


def pid_of(name):
    try:
        with open(os.path.join(VAR_DIR, "run", f"{name}.pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def children_of(pid):
    """The live processes whose parent is pid (zombies left out)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry))
    return sorted(out)


def gone(pid):
    """pid has exited (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1
