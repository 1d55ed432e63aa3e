"""The stack as t/hostile sees it: settings from the environment, TAP,
raw HTTP requests and replies over sockets, psql and Redis."""
import json
import os
import random
import re
import socket
import subprocess
import time

ROOT = os.environ.get("ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8080")
HOST, PORT = re.match(r"http://([^:/]+):(\d+)", BASE_URL).groups()
PORT = int(PORT)
VAR_DIR = os.environ.get("VAR_DIR", "")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
TIMEOUT = float(os.environ.get("HOSTILE_TIMEOUT", "30"))
CONCURRENCY = int(os.environ.get("HOSTILE_CONCURRENCY", "4"))
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")  # any other method may change data


def seed_from_env():
    raw = os.environ.get("HOSTILE_SEED", "11")
    if raw == "random":
        return random.SystemRandom().randrange(1, 2**31)
    return int(raw)


# --- TAP -------------------------------------------------------------------------


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=()):
        self.n += 1
        print(f"{'ok' if cond else 'not ok'} {self.n} - {desc}", flush=True)
        if not cond:
            self.failed += 1
            for line in diag:
                print(f"#   {line}", flush=True)
        return cond

    def note(self, line):  # shown by ops/test without VERBOSE
        print(f"#   {line}", flush=True)

    def done(self):
        print(f"1..{self.n}", flush=True)
        return 0 if self.failed == 0 else 1


# --- the raw HTTP client ---------------------------------------------------------


class Request:
    """One request as bytes on the wire, and what it was meant to test."""

    def __init__(self, target, method, path, headers=None, body=b"", who="anonymous", note="", line=None):
        self.target = target  # the route or location it is counted under
        self.method = method
        self.path = path  # bytes: what goes between method and version
        self.headers = list(headers or [])  # [(bytes, bytes)]
        self.body = body
        self.who = who
        self.note = note
        self.line = line  # a whole request line, for the malformed ones
        self.index = None

    @property
    def unsafe(self):
        return self.method not in SAFE_METHODS

    def wire(self):
        head = self.line or b"%s %s HTTP/1.1" % (self.method.encode("latin-1"), self.path)
        names = {n.lower() for n, _ in self.headers}
        hdrs = list(self.headers)
        if b"host" not in names:
            hdrs.insert(0, (b"Host", b"%s:%d" % (HOST.encode(), PORT)))
        if self.body and b"content-length" not in names and b"transfer-encoding" not in names:
            hdrs.append((b"Content-Length", str(len(self.body)).encode()))
        hdrs.append((b"Connection", b"close"))
        return head + b"\r\n" + b"".join(n + b": " + v + b"\r\n" for n, v in hdrs) + b"\r\n" + self.body


class Response:
    def __init__(self, status, headers, body, error=None, seconds=0.0):
        self.status = status
        self.headers = headers  # {lower name: str}
        self.body = body
        self.error = error
        self.seconds = seconds

    def header(self, name):
        return self.headers.get(name.lower())


def _read_chunked(data):
    out, pos = b"", 0
    while True:
        end = data.find(b"\r\n", pos)
        if end < 0:
            return out
        size = int(data[pos:end].split(b";")[0] or b"0", 16)
        if size == 0:
            return out
        out += data[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2


def send(req, source=None):
    """Sends one request on a new connection (from the loopback address
    source, when given); reads the reply to the end."""
    started = time.monotonic()
    data = b""
    try:
        with socket.create_connection((HOST, PORT), TIMEOUT, (source, 0) if source else None) as s:
            s.sendall(req.wire())
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                if data.startswith(b"HTTP/1.1 101 ") and b"\r\n\r\n" in data:
                    break  # a websocket switched: frames would follow until the idle timeout
    except socket.timeout:
        return Response(0, {}, data, f"no complete reply in {TIMEOUT:.0f} s", time.monotonic() - started)
    except OSError as e:
        if not data:
            return Response(0, {}, b"", f"connection error: {e}", time.monotonic() - started)
    seconds = time.monotonic() - started
    head, sep, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d{3})", lines[0] if lines else b"")
    if not sep or not m:
        return Response(0, {}, data, "no HTTP reply (connection closed)" if not data else "unparsable reply", seconds)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        key, value = name.strip().lower().decode("latin-1"), value.strip().decode("latin-1")
        headers[key] = headers[key] + "\n" + value if key in headers else value  # Set-Cookie comes twice
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _read_chunked(body)
    elif headers.get("content-length", "").isdigit():  # what follows is a reply to leftover bytes
        body = body[: int(headers["content-length"])]
    return Response(int(m.group(1)), headers, body, None, seconds)


SETUP_ADDRESS = None  # the setup's own client address: the campaign's failed logins do not throttle it


def call(method, path, headers=(), body=b"", who="setup"):
    """A well-formed request for the setup: returns (status, parsed JSON or bytes, headers)."""
    hdrs = [(k.encode(), v.encode()) for k, v in headers]
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        hdrs.append((b"Content-Type", b"application/json"))
    r = send(Request("setup", method, path.encode(), hdrs, body, who), SETUP_ADDRESS)
    try:
        return r.status, json.loads(r.body), r.headers
    except ValueError:
        return r.status, r.body, r.headers


# --- who sends the requests ----------------------------------------------------------


class Psql:
    """One psql kept open: a query costs a round trip, not a process."""

    END = "__hostile_end__"

    def __init__(self):
        self.proc = None

    def _open(self):
        self.proc = subprocess.Popen(
            ["psql", "-h", "127.0.0.1", "-p", os.environ["POSTGRES_SERVICE_PORT"], "-U", "postgres", "-d",
             os.environ.get("POSTGRES_NAME", "postgres"), "-tAqX"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def query(self, sql):
        for attempt in (1, 2):
            if self.proc is None or self.proc.poll() is not None:
                self._open()
            try:
                self.proc.stdin.write(f"{sql};\n\\echo {self.END}\n")
                self.proc.stdin.flush()
                lines = []
                for line in self.proc.stdout:
                    if line.rstrip("\n") == self.END:
                        break
                    lines.append(line)
                else:
                    raise BrokenPipeError("psql ended")
            except (BrokenPipeError, OSError):
                self.proc = None
                if attempt == 2:
                    raise RuntimeError("psql: the database cannot be reached")
                continue
            text = "".join(lines).strip()
            if text.startswith(("ERROR:", "psql:", "FATAL:")):
                raise RuntimeError(text)
            return text


PSQL = Psql()


def psql(sql):
    return PSQL.query(sql)


def redis(*args):
    """One command on the stack's Redis over RESP: a string, an int, a list or None."""
    with socket.create_connection(("127.0.0.1", int(os.environ["REDIS_SERVICE_PORT"])), timeout=10) as s:
        cmd = b"*%d\r\n" % len(args) + b"".join(
            b"$%d\r\n%s\r\n" % (len(a), a) for a in (x.encode() if isinstance(x, str) else x for x in args))
        s.sendall(cmd)
        f = s.makefile("rb")

        def read():
            line = f.readline().rstrip(b"\r\n")
            kind, rest = line[:1], line[1:]
            if kind == b"+":
                return rest.decode()
            if kind == b"-":
                raise RuntimeError(f"redis: {rest.decode()}")
            if kind == b":":
                return int(rest)
            if kind == b"$":
                n = int(rest)
                return None if n < 0 else f.read(n + 2)[:-2].decode("utf-8", "replace")
            if kind == b"*":
                n = int(rest)
                return None if n < 0 else [read() for _ in range(n)]
            raise RuntimeError(f"redis: unexpected reply {line[:80]!r}")

        return read()
