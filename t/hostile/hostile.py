"""Hostile-input campaign: a seeded generator of malformed and adversarial
requests for every route of every program, sent through nginx over raw
sockets, and the checks made on what comes back. Used by t/hostile/*.t,
which ops/test runs against the stack it started (BASE_URL, VAR_DIR, ROOT,
SECRET_KEY, POSTGRES_SERVICE_PORT, REDIS_SERVICE_PORT in the environment).

Reproducible: request i of seed S is drawn from random.Random("S:i") alone,
so HOSTILE_SEED=S HOSTILE_PICK=i replays that one request (tokens and ids
are the run's own). Stdlib only."""

import base64
import hashlib
import hmac
import json
import os
import random
import re
import socket
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

ROOT = os.environ.get("ROOT", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
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


# --- tokens -----------------------------------------------------------------------


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=")


def jwt(header, payload, key=None, sig=None):
    """A JWT from a header and a payload (dicts or raw bytes), signed HS256 with key."""
    h = header if isinstance(header, bytes) else json.dumps(header, separators=(",", ":")).encode()
    p = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
    signing = b64url(h) + b"." + b64url(p)
    if sig is None:
        sig = hmac.new((key if key is not None else SECRET_KEY).encode(), signing, hashlib.sha256).digest()
    return signing + b"." + b64url(sig)


def claims(token):
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def forged_tokens(ids):
    """Bearer tokens that must all be refused: (label, token bytes)."""
    now = int(time.time())
    real = claims(ids.user_a["access"])
    hs = {"alg": "HS256", "typ": "JWT"}
    good = dict(real, exp=now + 300, iat=now)
    refresh = ids.user_a["refresh"].encode()
    head, body, _ = ids.user_a["access"].encode().split(b".")
    staff_body = b64url(json.dumps(dict(real, user_id=ids.staff["id"])).encode())
    return [
        ("expired", jwt(hs, dict(good, exp=now - 60, iat=now - 400))),
        ("alg none", jwt({"alg": "none", "typ": "JWT"}, good, sig=b"")),
        ("alg None, no signature part", jwt({"alg": "None"}, good, sig=b"")[:-1]),
        ("RS256 header", jwt({"alg": "RS256", "typ": "JWT"}, good)),
        ("HS512 header", jwt({"alg": "HS512", "typ": "JWT"}, good)),
        ("wrong key", jwt(hs, good, key="not-the-secret")),
        ("empty key", jwt(hs, good, key="")),
        ("tampered user_id", head + b"." + staff_body + b"." + ids.user_a["access"].encode().split(b".")[2]),
        ("refresh as access", refresh),
        ("unknown user", jwt(hs, dict(good, user_id=987654321))),
        ("user_id a string", jwt(hs, dict(good, user_id="1 OR 1=1"))),
        ("user_id a float", jwt(hs, dict(good, user_id=2.5))),
        ("user_id huge", jwt(hs, dict(good, user_id=2**70))),
        ("user_id null", jwt(hs, dict(good, user_id=None))),
        ("no exp", jwt(hs, {k: v for k, v in good.items() if k != "exp"})),
        ("exp a string", jwt(hs, dict(good, exp="never"))),
        ("exp 1e300", jwt(hs, dict(good, exp=1e300))),
        ("token_type refresh", jwt(hs, dict(good, token_type="refresh"))),
        ("no token_type", jwt(hs, {k: v for k, v in good.items() if k != "token_type"})),
        ("payload an array", jwt(hs, b"[1,2,3]")),
        ("payload not JSON", jwt(hs, b"\xff\xfe{")),
        ("header not JSON", jwt(b"{alg:HS256", good)),
        ("kid traversal", jwt(dict(hs, kid="../../../../dev/null"), good)),
        ("blacklisted refresh", ids.blacklisted.encode()),
        ("two dots only", b".."),
        ("four parts", head + b"." + body + b".x.y"),
        ("bad base64", b"%%%." + body + b".***"),
        ("8 KB of a", b"a" * 8000),
    ]


# --- the values a hostile client sends -------------------------------------------

LONG = [b"A" * 256, b"B" * 4097, b"\xc3\xa9" * 3000, b"%" * 2000]
NON_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\x80", b"a\x80b",
            b"\xe2\x82"]
STRINGS = [
    b"", b" ", b"0", b"-1", b"1e309", b"NaN", b"null", b"true", b"[]", b"{}", b"'", b'"', b"\\", b"%",
    b"\x00", b"a\x00b", b"\r\n", b"../../etc/passwd", b"<script>alert(1)</script>", b"=cmd|' /C calc'!A0",
    b"+1+1", b"@SUM(A1)", b"-2+3", b"' OR 1=1 --", b"$(id)", b"${jndi:ldap://x}", b"%s%n%x", b"\xe2\x80\xae",
    b"\xf0\x9f\x98\x80", b"\xef\xbb\xbf", b"2019-02-31", b"0000-00-00", b"9999-12-31", b"2019-13-01",
    b"2019-1-1", b"99999-01-01", b"-2019-01-01", b"2019-02-29", b"2020-02-29", b"2019-00-10", b"2019-01-00",
    b"2019-01-01T00:00:00Z", b"01/31/2019", b"2019-01-32", b"18446744073709551616", b"-9223372036854775809",
    b"9223372036854775807", b"0x10", b"1.5", b"-0", b"+5", b"1 ", b" 1", b"1,000", b"1e3",
] + LONG + NON_UTF8
DATES = [b"2019-01-01", b"2019-02-28", b"2019-02-31", b"2019-04-31", b"2019-13-01", b"2019-00-01", b"0000-01-01",
         b"9999-12-31", b"10000-01-01", b"2019-1-1", b"2019/01/01", b"2019-01-01x", b"", b"\xff", b"20190101"]


def pick_value(rng, extra=()):
    """Often one of the values meant for this field (extra), else any hostile one."""
    return rng.choice(extra) if extra and rng.random() < 0.55 else rng.choice(STRINGS)


def pct(raw, rng=None, keep=b"-._~"):
    """Percent-encodes raw bytes (or, now and then, leaves them raw)."""
    if rng is not None and rng.random() < 0.15:
        return raw.replace(b" ", b"+").replace(b"&", b"%26").replace(b"#", b"%23").replace(b"\r", b"%0D").replace(
            b"\n", b"%0A")
    return b"".join(
        bytes([c]) if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or bytes([c]) in keep) else b"%%%02X" % c
        for c in raw
    )


JSON_VALUES = [
    None, True, False, 0, -1, 1.5, 10**30, -(10**30), 2**63, "", "x", [], {}, [1, 2], {"a": {"b": [None]}},
    "a" * 5000, "\u0000", "\ud800", "\U0001f600", "2019-02-31", "=HYPERLINK(\"http://x\")", 3600, 3601, 86400,
    1e308, -0.0, "5", " 5 ", "NaN", "Infinity",
]


def json_value(rng, extra=()):
    pool = list(extra) * 2 + JSON_VALUES
    return rng.choice(pool)


def dump_json(rng, obj):
    """Serialises obj the way a hostile client might: ASCII escapes or raw UTF-8."""
    text = json.dumps(obj, ensure_ascii=rng.random() < 0.5)
    return text.encode("utf-8", "surrogatepass")


def malformed_json(rng, fields):
    key = rng.choice(fields or ["x"])
    return rng.choice([
        b"", b"{", b"}", b"[", b"null", b"[]", b"\"str\"", b"123", b"{\"" + key.encode() + b"\":",
        b"{\"" + key.encode() + b"\": \"x\"} trailing", b"{'" + key.encode() + b"': 'x'}",
        b"{\"" + key.encode() + b"\": NaN}", b"{\"" + key.encode() + b"\": Infinity}",
        b"{\"" + key.encode() + b"\": \"\xff\xfe\"}", b"{\"" + key.encode() + b"\": \"\\ud800\"}",
        b"{\"" + key.encode() + b"\": \"\\u0000\"}", b"\xef\xbb\xbf{}", b"{\"a\":1,\"a\":2}",
        b"{\"" + key.encode() + b"\": 1e99999}", b"{\"" + key.encode() + b"\": -}",
        b"{\"" + key.encode() + b"\": 123456789012345678901234567890123456789}",
        b"/* c */ {}", b"{\"\xff\": 1}", b"[" * 100000, b"{\"a\":" * 20000 + b"1" + b"}" * 20000,
        b"{\"" + key.encode() + b"\": \"" + b"x" * 2_000_000 + b"\"}", b"\x00\x00\x00",
        b"{\"" + key.encode() + b"\": \"a\"\x00}",
    ])


# --- multipart and CSV -----------------------------------------------------------

CSV_HEADER = b"Posted Date,Reference Number,Payee,Address,Amount"


def hostile_csv(rng):
    rows = [
        b"11/12/2020,24000335222,SHELL OIL 5744,\"PORTLAND, OR\",-182.42",
        b"02/31/2019,1,BAD DATE,x,-1.00", b"13/01/2019,1,BAD MONTH,x,-1.00", b"1/1/2019,1,=1+1,=cmd|' /C calc'!A0,-1",
        b"1/1/2019,1,+SUM(A1),@x,-1", b"1/1/2019,1,\"unbalanced,x,-1", b"1/1/2019,1,a,b,1e309",
        b"1/1/2019,1,a,b,NaN", b"1/1/2019,1,a,b,", b"1/1/2019,1,a,b,1,000.00", b"1/1/2019,1,\xff\xfe,\xc3\x28,-1",
        b"1/1/2019,1," + b"x" * 70000 + b",b,-1", b",,,,", b"1/1/2019", b"1/1/2019,1,a,b,-1,extra,extra",
        b"\x00\x00\x00", b"1/1/99999,1,a,b,-1", b"1/1/2019,1,a,b,99999999999999999999999.99",
    ]
    header = rng.choice([CSV_HEADER, b"\xef\xbb\xbf" + CSV_HEADER, b"", b"a,b", CSV_HEADER + b",Extra"])
    eol = rng.choice([b"\r\n", b"\n", b"\r"])
    body = [header] + [rng.choice(rows) for _ in range(rng.randint(0, 6))]
    if rng.random() < 0.1:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4000)))
    return eol.join(body) + (eol if rng.random() < 0.7 else b"")


def multipart(rng, month):
    """A statement upload's body and boundary, made wrong in one way or another."""
    boundary = rng.choice([b"hostileBoundary7", b"x" * 70, b"b", b"\xff\xfe", b"a b", b"-" * 10])
    form = rng.choice([
        dump_json(rng, {"month": month}), dump_json(rng, {"month": json_value(rng, ["2019-01-01"])}),
        b"not json", b"", b"{\"month\":", dump_json(rng, [1]), dump_json(rng, {"month": "2019-01-01", "owner": 1}),
    ])
    fname = rng.choice([b"s.csv", b"../../../etc/passwd", b"..\\..\\x.csv", b"\xff.csv", b"", b"a" * 600,
                        b"x.csv\x00.exe", b"\"q\".csv", b"/abs/path.csv"])
    parts = []
    if rng.random() < 0.9:
        parts.append(b"Content-Disposition: form-data; name=\"form\"\r\n\r\n" + form)
    if rng.random() < 0.85:
        parts.append(b"Content-Disposition: form-data; name=\"file\"; filename=\"" + fname +
                     b"\"\r\nContent-Type: " + rng.choice([b"text/csv", b"application/octet-stream", b"\xff"]) +
                     b"\r\n\r\n" + hostile_csv(rng))
    for _ in range(rng.choice([0, 0, 0, 1, 3, 200])):
        parts.append(rng.choice([b"Content-Disposition: form-data; name=\"x\"\r\n\r\ny",
                                 b"no headers at all", b"Content-Disposition: form-data\r\n\r\nnoname",
                                 b"Content-Disposition: form-data; name=\"form\"\r\n\r\n{}"]))
    rng.shuffle(parts)
    body = b"".join(b"--" + boundary + b"\r\n" + p + b"\r\n" for p in parts)
    end = rng.choice([b"--" + boundary + b"--\r\n", b"--" + boundary + b"--\r\n", b"", b"--" + boundary + b"\r\n",
                      b"--wrong--\r\n"])
    ctype = rng.choice([
        b"multipart/form-data; boundary=" + boundary, b"multipart/form-data; boundary=" + boundary,
        b"multipart/form-data; boundary=\"" + boundary + b"\"", b"multipart/form-data",
        b"multipart/form-data; boundary=",
        b"multipart/mixed; boundary=" + boundary, b"application/json", b"text/csv",
        b"multipart/form-data; boundary=" + boundary + b"; boundary=other",
    ])
    return body + end, ctype


# --- routes: what the generator knows of each ----------------------------------------


class Target:
    """One route-table row or nginx location: how to make its paths and bodies."""

    def __init__(self, name, method, paths, body=None, fields=(), query=(), html=False, needs=None, share=1.0):
        self.name = name  # "METHOD /pattern" for a route row, "location /x/" for nginx's
        self.method = method  # None for a location: any method
        self.paths = paths  # function(rng, ids) -> bytes
        self.body = body  # None, "json" or "multipart"
        self.fields = list(fields)
        self.query = list(query)
        self.html = html  # flower's pages answer browsers in HTML
        self.needs = needs  # "user" or "staff": the identity most requests carry
        self.share = share  # < 1: fewer turns (a password hash costs a second under ASan)


def fixed(path):
    return lambda rng, ids: path.encode()


def task_ids(rng, ids):
    return rng.choice([ids.task_a, ids.task_a, str(uuid.uuid4()), "1", "0", "-1", "a" * 300, "%FF", "%00", "..%2F..",
                       "%2e%2e", "%F0%9F%98%80", "'%20OR%201=1", "%25", "x%0Ay", "*"]).encode()


def media_paths(rng, ids):
    own = ids.media_a.encode()  # /media/private/statements/<id>/<name>.csv
    tail = own[len(b"/media/private/"):]
    return rng.choice([
        own, own, own + b"x", b"/media/private/" + tail.upper(), b"/media/private/../private/" + tail,
        b"/media/private/..%2F..%2Fetc/passwd", b"/media/private/%2e%2e/%2e%2e/etc/passwd", b"/media/private/%FF",
        b"/media/private/%00", b"/media/private/x%00.csv", b"/media/private/", b"/media/private/a/b/c",
        b"/media/private//etc/passwd", b"/media/private/%5C..%5Cx", b"/media/private/" + b"a" * 600,
        b"/media/private/statements/" + str(ids.staff["id"]).encode() + b"/x.csv", b"/media/private/" + tail + b"%25",
        b"/media/private/" + tail + b"?download=1", b"/media/private/statements/%2A",
    ])


def with_param(pattern, param):
    return lambda rng, ids: pattern.replace("<>", "").encode().replace(b"@", param(rng, ids))


def backends(rng, ids):
    return rng.choice([b"github", b"google-oauth2", b"facebook", b"twitter", b"GITHUB", b"..", b"%FF", b"%00",
                       b"a" * 300, b"github%2F..", b"x y"])


def flower_ids(rng, ids):
    return task_ids(rng, ids)


CRED = ["email", "password"]
LIST_Q = ["limit", "offset"]
TXN_Q = LIST_Q + ["date_after", "date_before", "source_file", "search", "ordering"]
FLOWER_Q = ["limit", "offset", "state"]


def route_targets():
    """Every route-table row the generator covers, by "METHOD /pattern"."""
    T = Target
    rows = [
        T("POST /api/auth/obtain_token/", "POST", fixed("/api/auth/obtain_token/"), "json", CRED, share=0.25),
        T("POST /api/auth/refresh_token/", "POST", fixed("/api/auth/refresh_token/"), "json", ["refresh"]),
        T("POST /api/auth/verify_token/", "POST", fixed("/api/auth/verify_token/"), "json", ["token"]),
        T("POST /api/auth/register/", "POST", fixed("/api/auth/register/"), "json",
          CRED + ["first_name", "is_staff", "is_superuser"], share=0.25),
        T("GET /api/login-set-cookie/", "GET", fixed("/api/login-set-cookie/")),
        T("POST /api/login/", "POST", fixed("/api/login/"), "json", CRED, share=0.25),
        T("POST /api/logout/", "POST", fixed("/api/logout/"), "json", ["refresh"], needs="user"),
        T("GET /api/users/profile/", "GET", fixed("/api/users/profile/"), needs="user"),
        T("PUT /api/users/profile/", "PUT", fixed("/api/users/profile/"), "json",
          ["first_name", "last_name", "email", "is_staff", "is_superuser", "id", "password"], needs="user"),
        T("PATCH /api/users/profile/", "PATCH", fixed("/api/users/profile/"), "json",
          ["first_name", "last_name", "email", "is_staff", "is_superuser", "id", "password"], needs="user"),
        T("GET /api/social/providers/", "GET", fixed("/api/social/providers/")),
        T("POST /api/social/<backend>/", "POST", with_param("/api/social/@/", backends), "json",
          ["code", "redirect_uri", "state"]),
        T("POST /api/statements/", "POST", fixed("/api/statements/"), "multipart", needs="user"),
        T("GET /api/statements/", "GET", fixed("/api/statements/"), query=LIST_Q, needs="user"),
        T("GET /api/transactions/", "GET", fixed("/api/transactions/"), query=TXN_Q, needs="user"),
        T("GET /api/transactions/spend/", "GET", fixed("/api/transactions/spend/"),
          query=["interval", "date_after", "date_before", "source_file"], needs="user"),
        T("GET /api/transactions/export.csv", "GET", fixed("/api/transactions/export.csv"), query=TXN_Q, needs="user"),
        T("GET /media/private/<path:rest>", "GET", media_paths, query=["download"], needs="user"),
        T("GET /api/", "GET", fixed("/api/")),
        T("GET /api/health-check/", "GET", fixed("/api/health-check/")),
        T("GET /healthz", "GET", fixed("/healthz")),
        T("GET /readiness", "GET", fixed("/readiness")),
        T("GET /api/debug/redis/", "GET", fixed("/api/debug/redis/"), needs="user"),
        T("POST /api/debug/redis/", "POST", fixed("/api/debug/redis/"), "json", ["count"], needs="user"),
        T("DELETE /api/debug/redis/", "DELETE", fixed("/api/debug/redis/"), needs="user"),
        T("POST /api/celery/sleep-task/", "POST", fixed("/api/celery/sleep-task/"), "json", ["seconds"], needs="user"),
        T("POST /api/debug/send-test-email/", "POST", fixed("/api/debug/send-test-email/"), "json", ["to"],
          needs="staff"),
        T("POST /api/celery-metrics/", "POST", fixed("/api/celery-metrics/"), "json", ["celery_metrics_token"]),
        T("GET /api/tasks/<id>/", "GET", with_param("/api/tasks/@/", task_ids), needs="user"),
        T("GET /api/debug/sleep/", "GET", fixed("/api/debug/sleep/"), query=["ms"]),
        T("GET /flower/", "GET", fixed("/flower/"), html=True, needs="staff"),
        T("GET /flower/tasks/", "GET", fixed("/flower/tasks/"), query=FLOWER_Q, html=True, needs="staff"),
        T("GET /flower/task/<id>/", "GET", with_param("/flower/task/@/", flower_ids), html=True, needs="staff"),
        T("POST /flower/task/<id>/revoke/", "POST", with_param("/flower/task/@/revoke/", flower_ids), needs="staff"),
        T("GET /flower/api/workers", "GET", fixed("/flower/api/workers"), needs="staff"),
        T("GET /flower/api/queues", "GET", fixed("/flower/api/queues"), needs="staff"),
        T("GET /flower/api/tasks", "GET", fixed("/flower/api/tasks"), query=FLOWER_Q, needs="staff"),
        T("GET /flower/api/task/<id>", "GET", with_param("/flower/api/task/@", flower_ids), needs="staff"),
        T("POST /flower/api/task/revoke/<id>", "POST", with_param("/flower/api/task/revoke/@", flower_ids),
          needs="staff"),
    ]
    return {t.name: t for t in rows}


def any_of(*paths):
    return lambda rng, ids: rng.choice(paths)


def location_targets():
    """Every nginx location in conf/nginx/locations.inc and json_errors.conf."""
    T = Target
    rows = [
        T("location /api/", None, any_of(b"/api/nope", b"/api", b"/api//", b"/api/../etc/passwd", b"/api/%FF",
                                         b"/api/%00", b"/API/", b"/api/auth/obtain_token", b"/api/users/profile")),
        T("location = /healthz", None, any_of(b"/healthz", b"/healthz/", b"/healthz?x=%FF")),
        T("location = /readiness", None, any_of(b"/readiness", b"/readiness/", b"/readiness?full=1")),
        T("location /flower/", None, any_of(b"/flower/nope", b"/flower", b"/flower/api/", b"/flower/%FF",
                                            b"/flower/task/", b"/flower/api/task/")),
        T("location /media/private/", None, any_of(b"/media/private/", b"/media/private/%FF")),
        T("location /media/", None, any_of(b"/media/", b"/media/x.csv", b"/media/statements/1/x.csv", b"/media/%FF",
                                           b"/media/../conf/x", b"/media/privatex/a")),
        T("location /_protected_media/", None, any_of(b"/_protected_media/", b"/_protected_media/statements/1/x.csv",
                                                      b"/_protected_media/../x")),
        T("location /graphql/", None, any_of(b"/graphql/", b"/graphql/?query=%7B__schema%7D")),
        T("location /admin/", None, any_of(b"/admin/", b"/admin/login/", b"/admin/%FF")),
        T("location /ws/", None, any_of(b"/ws/", b"/ws/notifications/")),
        T("location /static/", None, any_of(b"/static/", b"/static/robots.txt", b"/static/../conf/settings/ci.env",
                                            b"/static/%2e%2e/conf/settings/ci.env", b"/static/nope.css", b"/static")),
        T("location /", None, any_of(b"/", b"/login", b"/banking", b"/index.html", b"/nope/%FF", b"/..%2F..%2Fetc",
                                     b"//", b"/a" * 300)),
        T("location /assets/", None, any_of(b"/assets/", b"/assets/x.js", b"/assets/x.css", b"/assets/%FF")),
        T("location = /_errors/400.json", None, any_of(b"/_errors/400.json", b"/_errors/400.json/")),
        T("location = /_errors/414.json", None, any_of(b"/_errors/414.json", b"/_errors/")),
    ]
    return {t.name: t for t in rows}


def table_routes():
    """(method, pattern) of every row of the route tables in lib/apps/*/routes.c."""
    rows = []
    apps = os.path.join(ROOT, "lib", "apps")
    for app in sorted(os.listdir(apps)):
        path = os.path.join(apps, app, "routes.c")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                rows += re.findall(r'\{\s*"([A-Z]+)",\s*"([^"]+)",\s*\w+\s*\}', f.read())
    return rows


def nginx_locations():
    """Every location nginx serves from the shared include (named ones aside)."""
    found = []
    for name in ("locations.inc", "json_errors.conf"):
        with open(os.path.join(ROOT, "conf", "nginx", name), encoding="utf-8") as f:
            for m in re.finditer(r"^\s*location\s+(=\s+)?([^@\s{]\S*)\s*\{", f.read(), re.M):
                found.append("location " + (m.group(1) or "") + m.group(2))
    return found


def uncovered(targets):
    """Route-table rows and nginx locations the generator has no target for."""
    missing = [f"{m} {p}" for m, p in table_routes() if f"{m} {p}" not in targets]
    return missing + [loc for loc in nginx_locations() if loc not in targets]


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


class Identities:
    """Two users (A owns a statement and a task), a staff user, A's session."""

    def __init__(self, address):
        global SETUP_ADDRESS
        SETUP_ADDRESS = address  # failed logins are throttled per client address
        tag = uuid.uuid4().hex[:10]
        self.password = f"Hostile-pass-{tag}"
        self.user_a = self._user(f"hostile-{tag}-a@example.com")
        self.user_b = self._user(f"hostile-{tag}-b@example.com")
        self.staff = self._user(f"hostile-{tag}-staff@example.com")
        psql(f"UPDATE users SET is_staff = true WHERE email = '{self.staff['email']}'")
        for u in (self.user_a, self.user_b, self.staff):
            self._tokens(u)
        self.media_a, self.statement_a = self._upload()
        status, body, _ = call("POST", "/api/celery/sleep-task/", self._bearer(self.user_a), {"seconds": 0})
        self.task_a = body["task_id"] if status == 200 else str(uuid.uuid4())
        self.blacklisted = self._blacklisted()
        self.login_session()

    def _user(self, email):
        status, body, _ = call("POST", "/api/auth/register/", (), {"email": email, "password": self.password})
        if status != 201:
            raise RuntimeError(f"register {email}: {status} {body!r}")
        return {"email": email, "id": body["id"]}

    def _tokens(self, u):
        status, body, _ = call("POST", "/api/auth/obtain_token/", (), {"email": u["email"], "password": self.password})
        if status != 200:
            raise RuntimeError(f"obtain_token {u['email']}: {status} {body!r}")
        u["access"], u["refresh"], u["at"] = body["access"], body["refresh"], time.monotonic()

    def refresh_if_old(self):  # access tokens live 5 minutes
        for u in (self.user_a, self.user_b, self.staff):
            if time.monotonic() - u["at"] > 150:
                self._tokens(u)

    @staticmethod
    def _bearer(u):
        return [("Authorization", f"Bearer {u['access']}")]

    def _upload(self):
        boundary = "setupBoundary"
        with open(os.path.join(ROOT, "t", "data", "statements", "sample-12.csv"), "rb") as f:
            csv = f.read()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"form\"\r\n\r\n{{\"month\":\"2019-01-01\"}}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.csv\"\r\n"
                f"Content-Type: text/csv\r\n\r\n").encode() + csv + f"\r\n--{boundary}--\r\n".encode()
        status, got, _ = call("POST", "/api/statements/", self._bearer(self.user_a) +
                              [("Content-Type", f"multipart/form-data; boundary={boundary}")], body)
        if status != 201:
            raise RuntimeError(f"upload: {status} {got!r}")
        wait_imports_idle()
        return got["statement_file"], got["id"]

    def _blacklisted(self):
        status, body, _ = call("POST", "/api/auth/refresh_token/", (), {"refresh": self.user_a["refresh"]})
        old = self.user_a["refresh"]
        if status == 200 and "refresh" in body:  # rotation on: the old one is blacklisted now
            self.user_a["refresh"] = body["refresh"]
            return old
        call("POST", "/api/logout/", self._bearer(self.user_a), {"refresh": old})
        self._tokens(self.user_a)
        return old

    def login_session(self):
        _, _, headers = call("GET", "/api/login-set-cookie/")
        self.csrf = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", "")).group(1)
        status, body, headers = call("POST", "/api/login/", [("Cookie", f"csrftoken={self.csrf}"),
                                                            ("X-CSRFToken", self.csrf)],
                                     {"email": self.user_a["email"], "password": self.password})
        m = re.search(r"sessionid=([^;]+)", headers.get("set-cookie", ""))
        if status != 200 or not m:
            raise RuntimeError(f"login: {status} {body!r}")
        self.session = m.group(1)

    def session_alive(self):
        status, _, _ = call("GET", "/api/users/profile/", [("Cookie", f"sessionid={self.session}")])
        return status == 200


def pick_auth(rng, target, ids, forged):
    """(who, headers): one of the identities, forged or broken credentials, or none."""
    staff_w = 30 if target.needs == "staff" else 10
    choice = rng.choices(
        ["A", "B", "staff", "A-session+csrf", "A-session", "A-session-badcsrf", "forged", "garbage", "anonymous",
         "bearer+session"],
        [30, 8, staff_w, 8, 5, 3, 18, 6, 10, 2])[0]
    bearer = {"A": ids.user_a, "B": ids.user_b, "staff": ids.staff}
    if choice in bearer:
        scheme = rng.choices([b"Bearer ", b"bearer ", b"Bearer  ", b"JWT "], [90, 4, 3, 3])[0]
        return choice, [(b"Authorization", scheme + bearer[choice]["access"].encode())]
    cookie = b"sessionid=" + ids.session.encode() + b"; csrftoken=" + ids.csrf.encode()
    if choice == "A-session+csrf":
        return choice, [(b"Cookie", cookie), (b"X-CSRFToken", ids.csrf.encode())]
    if choice == "A-session":
        return choice, [(b"Cookie", cookie)]
    if choice == "A-session-badcsrf":
        return choice, [(b"Cookie", cookie), (b"X-CSRFToken", pick_value(rng, [ids.csrf[:-1].encode() + b"x"]))]
    if choice == "bearer+session":
        return choice, [(b"Cookie", cookie), (b"Authorization", b"Bearer " + ids.user_b["access"].encode())]
    if choice == "forged":
        label, token = rng.choice(forged)
        return f"forged ({label})", [(b"Authorization", b"Bearer " + token)]
    if choice == "garbage":
        value = rng.choice([b"Bearer", b"Bearer ", b"Basic YWRtaW46cGFzc3dvcmQ=", b"Bearer " + pick_value(rng),
                            b"Token abc", b"Bearer a.b.c", b"Bearer \xff\xfe.\x00.x", b"Bearer " + b"x" * 7000,
                            b"sessionid=" + pick_value(rng)])
        hdr = b"Cookie" if value.startswith(b"sessionid=") else b"Authorization"
        return "garbage credentials", [(hdr, value)]
    return "anonymous", []


# --- one hostile request ---------------------------------------------------------------

QUERY_VALUES = {
    "limit": [b"1", b"10", b"1000", b"1001", b"0", b"-1", b"abc", b"1e3", b"99999999999999999999", b""],
    "offset": [b"0", b"5", b"-1", b"9223372036854775807", b"99999999999999999999", b"x", b"1.5"],
    "date_after": DATES, "date_before": DATES,
    "interval": [b"day", b"week", b"month", b"year", b"", b"DAY", b"day\x00", b"\xff", b"hour;drop"],
    "state": [b"FAILURE", b"SUCCESS", b"PENDING", b"x", b"\xff", b""],
    "ms": [b"0", b"1", b"20", b"60001", b"-1", b"abc", b"1e3", b"99999999999999999999", b""],
    "ordering": [b"date", b"-amount", b"id;drop", b"\xff"],
}


def make_query(rng, target, ids):
    if rng.random() < 0.08:
        return rng.choice([b"?", b"?&&&", b"?=", b"?%", b"?%zz=1", b"?a=1;b=2", b"?" + b"a=1&" * 1500,
                           b"?" + b"x" * 9000, b"?search=%FF", b"?limit=%00", b"?%FF=%FF"])
    if not target.query or rng.random() < 0.3:
        return b""
    pairs = []
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(target.query + ["x", "limit"])
        extra = QUERY_VALUES.get(name, [])
        if name == "source_file":
            extra = [str(ids.statement_a).encode(), b"0", b"-1", b"abc", b"1e309", b"99999999999999999999"]
        value = pick_value(rng, extra)
        pairs.append(pct(name.encode()) + (b"" if rng.random() < 0.03 else b"=" + pct(value, rng)))
        if rng.random() < 0.1:
            pairs.append(pairs[-1])
    return b"?" + b"&".join(pairs)


def plausible(rng, field, ids):
    """A value for a JSON field that may well be accepted."""
    choices = {
        "email": [ids.user_a["email"], f"hostile-{uuid.uuid4().hex[:8]}@example.com", ids.staff["email"],
                  ids.user_a["email"].upper()],
        "password": [ids.password, "Another-pass-123", "12345678"],
        "refresh": [ids.user_a["refresh"], ids.blacklisted, ids.user_a["access"]],
        "token": [ids.user_a["access"], ids.user_a["refresh"], ids.blacklisted],
        "count": [0, 1, 42, -5],
        "seconds": [0, 1, 3600, 3601, -1, 0.5],
        "celery_metrics_token": [os.environ.get("CELERY_METRICS_TOKEN", "ci-metrics-token"), "wrong"],
        "first_name": ["Ann", "a" * 200, "<b>x</b>"],
        "last_name": ["Lee", ""],
        "is_staff": [True], "is_superuser": [True], "id": [ids.staff["id"]],
        "code": ["hostile-code", "x"], "redirect_uri": ["http://evil.example/", ""], "state": ["x"],
        "to": ["x@example.com"],
    }.get(field, ["x"])
    return rng.choice(choices)


def json_body(rng, target, ids):
    r = rng.random()
    if r < 0.25:
        return malformed_json(rng, target.fields)
    obj = {}
    for field in target.fields:
        if rng.random() < 0.8:
            obj[field] = plausible(rng, field, ids) if rng.random() < 0.5 else json_value(rng)
    if rng.random() < 0.15:
        obj[rng.choice(["is_staff", "owner", "user_id", "__proto__", "", "\u0000"])] = json_value(rng, [True])
    if rng.random() < 0.05:
        return dump_json(rng, [obj])
    return dump_json(rng, obj)


JSON_TYPES = [b"application/json"] * 12 + [
    b"application/json; charset=utf-8", b"application/json; charset=latin1", b"APPLICATION/JSON", b"text/plain",
    b"application/x-www-form-urlencoded", b"multipart/form-data; boundary=x", b"application/json\xff", b"",
    b"application/jsonx", b"application/vnd.api+json", b"*/*",
]


def make_body(rng, target, ids, method):
    if target.body == "multipart" and method == "POST":
        return multipart(rng, rng.choice(DATES + [b"2019-01-01"] * 3).decode("latin-1"))
    if target.body == "json" or rng.random() < 0.5:
        return json_body(rng, target, ids), rng.choice(JSON_TYPES)
    return rng.choice([b"", b"a=1&b=2", b"\x00" * 100, b"\xff" * 50]), rng.choice([None, b"text/plain"])


def mutate_headers(rng, req):
    h = req.headers
    notes = []

    def maybe(p, note, *pairs, replace=None):
        if rng.random() < p:
            if replace:
                h[:] = [x for x in h if x[0].lower() != replace]
            h.extend(pairs)
            notes.append(note)

    maybe(0.04, "odd Host", (b"Host", rng.choice([b"evil.example", b"", b"a" * 300, b"\xff", b"localhost",
                                                  b"127.0.0.1", b"[::1]", b"x@127.0.0.1", b"localhost:0"])))
    maybe(0.08, "Accept html", (b"Accept", b"text/html,application/xhtml+xml"))
    maybe(0.08, "forwarded junk", (b"X-Forwarded-For", pick_value(rng)), (b"X-Forwarded-Host", pick_value(rng)),
          (b"X-Forwarded-Proto", rng.choice([b"https", b"gopher", b"\xff"])))
    maybe(0.05, "cookie junk", (b"Cookie", rng.choice([b"csrftoken=" + pick_value(rng), b"sessionid=" + b"z" * 40,
                                                       b";;;=;", b"; ".join(b"c%d=%d" % (i, i) for i in range(300)),
                                                       b"sessionid=\xff\xfe; csrftoken=\x80"])))
    maybe(0.015, "9 KB header", (b"X-Big", b"x" * 9000))
    maybe(0.04, "non-UTF-8 header", (b"User-Agent", rng.choice(NON_UTF8)), (b"X-Request-Id", b"\xff\xfe\x00"))
    maybe(0.015, "bad header name", (b"Bad Header", b"x"), (b"X-\xff", b"y"))
    maybe(0.015, "huge Content-Length", (b"Content-Length", b"20000000"), replace=b"content-length")
    maybe(0.015, "conflicting Content-Length", (b"Content-Length", b"1"), (b"Content-Length", b"2"),
          replace=b"content-length")
    maybe(0.02, "Transfer-Encoding gzip", (b"Transfer-Encoding", b"gzip"))
    maybe(0.03, "Expect 100-continue", (b"Expect", b"100-continue"))
    maybe(0.04, "Range", (b"Range", rng.choice([b"bytes=0-5", b"bytes=99999999-", b"bytes=abc", b"bytes=5-1,0-0"])))
    maybe(0.02, "Content-Encoding gzip", (b"Content-Encoding", b"gzip"))
    maybe(0.02, "method override", (b"X-HTTP-Method-Override", b"DELETE"))
    maybe(0.02, "conditional junk", (b"If-None-Match", b"\xff"), (b"If-Modified-Since", b"yesterday"))
    if req.body and rng.random() < 0.05:  # the same body, chunked
        h[:] = [x for x in h if x[0].lower() != b"content-length"]
        h.append((b"Transfer-Encoding", b"chunked"))
        req.body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(req.body), req.body)
        notes.append("chunked body")
    return notes


def malform_line(rng, req):
    """A request line nginx must refuse or read in an odd way."""
    m, p = req.method.encode(), req.path
    kind, line = rng.choice([
        ("lower-case method", m.lower() + b" " + p + b" HTTP/1.1"),
        ("binary method", b"G\xffT " + p + b" HTTP/1.1"),
        ("long method", b"A" * 300 + b" " + p + b" HTTP/1.1"),
        ("HTTP/2.0 on HTTP/1", m + b" " + p + b" HTTP/2.0"),
        ("HTTP/1.1x", m + b" " + p + b" HTTP/1.1x"),
        ("absolute URI", m + b" http://evil.example" + p + b" HTTP/1.1"),
        ("asterisk", m + b" * HTTP/1.1"),
        ("raw space in path", m + b" " + p + b"/a b HTTP/1.1"),
        ("raw byte in path", m + b" " + p + b"\xff\x01 HTTP/1.1"),
        ("fragment", m + b" " + p + b"#frag HTTP/1.1"),
        ("no leading slash", m + b" " + p.lstrip(b"/") + b" HTTP/1.1"),
        ("9 KB URI", m + b" " + p + b"?" + b"q" * 9000 + b" HTTP/1.1"),
        ("bad escape", m + b" " + p + b"%zz HTTP/1.1"),
        ("encoded NUL", m + b" " + p + b"%00 HTTP/1.1"),
        ("dot segments", m + b" /x/../.." + p + b" HTTP/1.1"),
    ])
    req.line = line
    return kind


def make_request(rng, target, ids, forged):
    method = target.method or rng.choice(["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"])
    if target.method and rng.random() < 0.12:
        method = rng.choice(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FOO"])
    path = target.paths(rng, ids) + make_query(rng, target, ids)
    who, headers = pick_auth(rng, target, ids, forged)
    req = Request(target.name, method, path, headers, who=who)
    notes = []
    if method not in ("GET", "HEAD", "OPTIONS", "TRACE") or rng.random() < 0.04:
        body, ctype = make_body(rng, target, ids, method)
        req.body = body
        if ctype is not None:
            req.headers.append((b"Content-Type", ctype))
        if method in ("GET", "HEAD"):
            notes.append("body on " + method)
    notes += mutate_headers(rng, req)
    if rng.random() < 0.05:
        notes.append(malform_line(rng, req))
    req.note = ", ".join(notes)
    return req


def plan(seed, count, targets, ids, forged, first=0):
    """count requests from index first on, spread evenly over the targets."""
    names = sorted(targets)
    pick = os.environ.get("HOSTILE_PICK")
    indexes = [int(i) for i in pick.split(",") if first <= int(i) < first + count] if pick else \
        range(first, first + count)
    reqs = []
    for i in indexes:
        rng = random.Random(f"{seed}:{i}")
        target = targets[names[i % len(names)]] if rng.random() < 0.7 else targets[rng.choice(names)]
        if rng.random() > target.share:
            target = targets[rng.choice(names)]
        req = make_request(rng, target, ids, forged)
        req.index = i
        reqs.append(req)
    return reqs


# --- what every reply must be --------------------------------------------------------

PLACEHOLDERS = ("location /graphql/", "location /admin/", "location /ws/")
PAGES = ("location /", "location /static/", "location /assets/")  # files: any body on success
FLOWER_PAGES = ("GET /flower/", "GET /flower/tasks/", "GET /flower/task/<id>/", "POST /flower/task/<id>/revoke/")
OWN_ROWS_ONLY = ("GET /api/statements/", "GET /api/transactions/", "GET /api/transactions/spend/",
                 "GET /api/transactions/export.csv")


def strict_json(body):
    return json.loads(body.decode("utf-8"))  # a non-UTF-8 byte is an error too


def error_shape(req, res):
    """None when an error reply has the documented shape, else what is wrong."""
    ctype = res.header("content-type") or ""
    target = req.target
    normalized = b".." in req.path or b"%2e" in req.path.lower()  # nginx may land it on a page
    if ctype.startswith("text/html") and (target in FLOWER_PAGES or b"/flower/" in req.path and normalized):
        ok = res.body.startswith(b"<!DOCTYPE html>") and res.body.rstrip().endswith(b"</html>")
        return None if ok else "flower's HTML error page is not a whole page"
    if not ctype.startswith("application/json"):
        return f"error body is not JSON (Content-Type {ctype or 'none'})"
    try:
        obj = strict_json(res.body)
    except (ValueError, UnicodeDecodeError) as e:
        return f"error body does not parse as JSON ({e.__class__.__name__})"
    if target == "POST /api/celery-metrics/" and res.status == 401:
        return None if obj == {"message": "Unauthorized"} else "celery-metrics' 401 is not its documented body"
    if not isinstance(obj, dict) or not obj:
        return "error body is not a non-empty JSON object"
    if "detail" in obj:
        if not isinstance(obj["detail"], str) or not obj["detail"]:
            return "\"detail\" is not a non-empty string"
        extra = set(obj) - {"detail"}
        if req.path.startswith(b"/readiness"):  # readiness names each dependency's state
            extra = {k for k in extra if not isinstance(obj[k], str)}
        if extra <= {"code", "messages"} and isinstance(obj.get("code", ""), str) and \
                isinstance(obj.get("messages", []), list):
            extra = set()  # simplejwt's token_not_valid reply, kept for the old front end
        return f"\"detail\" comes with other keys {sorted(extra)}" if extra else None
    for key, msgs in obj.items():
        if not (isinstance(msgs, list) and msgs and all(isinstance(m, str) and m for m in msgs)):
            return f"field error {key!r} is not a list of strings"
    return None


def leaks(req, res, ids):
    """A 200 that shows the caller what is not theirs."""
    if res.status != 200 or req.method != "GET":
        return None
    own = req.who in ("A", "A-session+csrf", "A-session", "A-session-badcsrf")
    if req.target == "GET /media/private/<path:rest>" and not own and req.who != "staff" and \
            req.path.startswith(ids.media_a.encode()):
        return f"{req.who} reads A's statement file"
    if req.target == "GET /api/tasks/<id>/" and not own and ids.task_a.encode() in req.path:
        return f"{req.who} reads A's task"
    if req.target in OWN_ROWS_ONLY and req.who in ("B", "staff", "bearer+session"):
        body = res.body
        if req.target.endswith("export.csv"):
            rows = [line for line in body.splitlines()[1:] if line.strip()]
            return f"{req.who}'s export holds {len(rows)} rows of others" if rows else None
        try:
            obj = strict_json(body)
        except (ValueError, UnicodeDecodeError):
            return None
        seen = len(obj) if isinstance(obj, list) else obj.get("count", 0) if isinstance(obj, dict) else 0
        return f"{req.who} sees {seen} rows of others (has none)" if seen else None
    if req.target == "GET /api/users/profile/" and req.who in ("A", "B", "staff"):
        want = {"A": ids.user_a, "B": ids.user_b, "staff": ids.staff}[req.who]["email"]
        try:
            got = strict_json(res.body).get("email")
        except (ValueError, UnicodeDecodeError, AttributeError):
            return None
        return None if got == want else f"{req.who}'s profile shows {got!r}"
    return None


def problems(req, res, ids, outage):
    """What is wrong with this reply; empty when nothing is."""
    found = []
    if res.error:
        return [("reply", res.error)]
    s = res.status
    if s >= 500 and not (s == 503 and (outage or req.target in PLACEHOLDERS)):
        found.append(("5xx", f"{s} (a 5xx{' other than 503' if outage else ''})"))
    if s >= 400 and req.method != "HEAD" and (req.target not in PAGES or s != 200):
        shape = error_shape(req, res)
        if shape:
            found.append(("shape", shape))
    api = req.path.startswith(b"/api/") and req.line is None
    if s == 401 and api and req.target != "POST /api/celery-metrics/" and not res.header("www-authenticate"):
        found.append(("headers", "401 without WWW-Authenticate"))
    if s == 405 and not res.header("allow"):
        found.append(("headers", "405 without Allow"))
    if s == 429 and not res.header("retry-after"):
        found.append(("headers", "429 without Retry-After"))
    if 200 <= s < 300 and req.method != "HEAD" and (res.header("content-type") or "").startswith("application/json"):
        try:
            strict_json(res.body)
        except (ValueError, UnicodeDecodeError) as e:
            found.append(("json", f"a {s} whose JSON body does not parse ({e.__class__.__name__})"))
    leak = leaks(req, res, ids)
    if leak:
        found.append(("leak", leak))
    return found


# --- what must not change ------------------------------------------------------------------

REDIS_STATE = """
local out = {tostring(redis.call('GET', 'cached_value'))}
local s = redis.call('KEYS', 'session:*'); table.sort(s)
for _, k in ipairs(s) do out[#out + 1] = k end
local r = redis.call('SMEMBERS', 'revoked'); table.sort(r)
for _, k in ipairs(r) do out[#out + 1] = 'revoked ' .. k end
for _, id in ipairs(redis.call('LRANGE', 'tasks:recent', 0, 99)) do
  local t = redis.call('HGET', 'task:' .. id, 'task')
  if t ~= 'debug_periodic_task' and t ~= 'publish_queue_metrics' then out[#out + 1] = 'newest task ' .. id; break end
end
return redis.sha1hex(table.concat(out, '\\n'))
"""


def db_state():
    tables = psql("SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.tables"
                  " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").split()
    parts = [f"SELECT '{t}' || ' ' || count(*) || ' ' || coalesce(sum(hashtextextended(r, 0)), 0)"
             f" FROM (SELECT (to_jsonb(x) - 'last_login')::text AS r FROM {t} x) y" for t in tables]
    return psql(" UNION ALL ".join(parts)) if parts else ""


def media_state():
    root = os.environ.get("MEDIA_ROOT") or os.path.join(VAR_DIR, "media")
    files = []
    for base, _, names in os.walk(root):
        files += [f"{os.path.relpath(os.path.join(base, n), root)} {os.path.getsize(os.path.join(base, n))}"
                  for n in names]
    return sorted(files)


def state():
    """Every table (less last_login), Redis' data (less throttles, caches, queues), the media files."""
    return {"db": db_state(), "redis": redis("EVAL", REDIS_STATE, "0"), "media": media_state()}


def state_diff(before, after):
    out = []
    if before["db"] != after["db"]:
        b, a = set(before["db"].splitlines()), set(after["db"].splitlines())
        out.append("tables changed: " + ", ".join(sorted(line.split()[0] for line in a - b)))
    if before["redis"] != after["redis"]:
        out.append("Redis changed (cached_value, sessions, revoked or a new task)")
    if before["media"] != after["media"]:
        out.append("media files: new " + ", ".join(sorted(set(after["media"]) - set(before["media"])))[:300])
    return out


def wait_imports_idle(limit=30):
    """Statement imports run in the worker: a digest waits until none is in flight."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if psql("SELECT count(*) FROM statement_files WHERE status IN ('pending', 'processing')") == "0":
            return True
        time.sleep(0.1)
    return False


# --- processes and logs -----------------------------------------------------------------------


def children(pid):
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except OSError:
        return []
    return sorted(int(p) for p in out.split())


def processes():
    """{program: (master pid, children)} for api, flower and the worker."""
    out = {}
    for name in ("api", "flower", "worker"):
        try:
            with open(os.path.join(VAR_DIR, "run", f"{name}.pid")) as f:
                pid = int(f.read().strip())
        except (OSError, ValueError):
            continue
        alive = os.path.exists(f"/proc/{pid}")
        out[name] = (pid if alive else None, children(pid) if alive else [])
    return out


CRASH = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:|killed by signal|\"worker_exit\"")


def log_sizes():
    logs = os.path.join(VAR_DIR, "log")
    return {n: os.path.getsize(os.path.join(logs, n)) for n in os.listdir(logs) if n.endswith(".log")}


def new_log_lines(since):
    """(crash lines, error-level events) written to the logs since the sizes in since."""
    logs, crashes, errors = os.path.join(VAR_DIR, "log"), [], []
    for name, size in log_sizes().items():
        if name.startswith("postgres") or name.startswith("nginx-access"):
            continue
        with open(os.path.join(logs, name), "rb") as f:
            f.seek(since.get(name, 0))
            for raw in f.read().splitlines():
                line = raw.decode("utf-8", "replace")
                if CRASH.search(line):
                    crashes.append(f"{name}: {line[:300]}")
                elif '"level":"error"' in line or "[crit]" in line or "[alert]" in line or "[emerg]" in line:
                    errors.append(f"{name}: {line[:300]}")
    return crashes, errors


# --- running and reporting ---------------------------------------------------------------------


class Campaign:
    def __init__(self, tap, ids, outage=False, digests=True):
        self.tap, self.ids, self.outage, self.digests = tap, ids, outage, digests
        self.counts = {}  # target -> {class: n}
        self.failures = []  # (req, res, [problem])
        self.changed = []  # (chunk requests, diff)
        self.compared = self.skipped = 0
        self.seconds = {"sending": 0.0, "state": 0.0}
        self.lock = threading.Lock()

    def _one(self, req):
        res = send(req)
        found = problems(req, res, self.ids, self.outage)
        with self.lock:
            row = self.counts.setdefault(req.target, {})
            cls = f"{res.status // 100}xx" if res.status else "none"
            row[cls] = row.get(cls, 0) + 1
            if found:
                self.failures.append((req, res, found))
        return res

    def run(self, reqs, chunk=8):
        """Sends reqs in small batches; around each batch whose unsafe requests
        were all refused (4xx), the data must be what it was."""
        before = None
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            for start in range(0, len(reqs), chunk):
                part = reqs[start:start + chunk]
                t0 = time.monotonic()
                if self.digests and before is None:
                    self.ids.refresh_if_old()
                    wait_imports_idle()
                    before = state()
                t1 = time.monotonic()
                replies = list(pool.map(self._one, part))
                t2 = time.monotonic()
                self.seconds["state"] += t1 - t0
                self.seconds["sending"] += t2 - t1
                if not self.digests:
                    continue
                taken = [q for q, r in zip(part, replies) if q.unsafe and not 400 <= r.status < 500]
                if taken:  # something was accepted (or failed): start again from a fresh state
                    self.skipped += 1
                    before = None
                    if any(q.target == "POST /api/logout/" for q in taken) and not self.ids.session_alive():
                        self.ids.login_session()
                    continue
                after = state()
                self.seconds["state"] += time.monotonic() - t2
                self.compared += 1
                diff = state_diff(before, after)
                if diff:
                    self.changed.append(([q for q in part if q.unsafe], diff))
                before = after

    def table(self):
        classes = ["2xx", "3xx", "4xx", "5xx", "none"]
        lines = [f"{'route or location':<42} {'sent':>5} " + " ".join(f"{c:>5}" for c in classes)]
        for target in sorted(self.counts):
            row = self.counts[target]
            lines.append(f"{target:<42} {sum(row.values()):>5} " + " ".join(f"{row.get(c, 0):>5}" for c in classes))
        return lines


def shell_quote(raw):
    """raw bytes as a bash $'...' word."""
    out = "".join(chr(c) if 32 <= c < 127 and chr(c) not in "'\\" else f"\\x{c:02x}" for c in raw)
    return f"$'{out}'"


def repro(req):
    """A command that sends this request again (the run's tokens are in it)."""
    if req.line is None and len(req.body) <= 300 and not any(v == b"" or b"\n" in v for _, v in req.headers):
        parts = ["curl -sS -i --path-as-is -X", req.method, shell_quote(b"%s%s" % (BASE_URL.encode(), req.path))]
        for n, v in req.headers:
            parts += ["-H", shell_quote(n + b": " + v)]
        if req.body:
            parts += ["--data-binary", shell_quote(req.body)]
        return " ".join(parts)
    where = os.path.join(VAR_DIR, "log", "hostile")
    os.makedirs(where, exist_ok=True)
    name = os.path.join(where, f"request-{req.index}.http")
    with open(name, "wb") as f:
        f.write(req.wire())
    return f"nc -q 5 127.0.0.1 {PORT} < {name} (kept as build/test-artifacts/log/hostile/{os.path.basename(name)})"


def failure_groups(failures):
    """Failures grouped by route, method, status and problem: (count, example)."""
    groups = {}
    for req, res, found in failures:
        own = b"<center>nginx</center>" in res.body  # nginx's own page: the same whatever the route
        for cat, p in found:
            what = req.note if req.note.startswith("sweep") else ""  # one group per probed parameter
            key = ("nginx itself (any route)" if own else req.target, "*" if own else req.method, res.status, cat,
                   re.sub(r"\d+ rows", "N rows", p) + (f" ({what})" if what else ""))
            groups.setdefault(key, [0, req, res])[0] += 1
    return groups


def report(camp, tap, seed, phase, test):
    total = sum(sum(r.values()) for r in camp.counts.values())
    tap.note(f"{phase}: {total} requests, seed {seed} (HOSTILE_SEED={seed} replays them); "
             f"{camp.seconds['sending']:.0f} s sending, {camp.seconds['state']:.0f} s reading the data")
    for line in camp.table():
        tap.note(line)
    groups = failure_groups(camp.failures)
    for (target, method, status, _, problem), (n, req, res) in sorted(groups.items(), key=lambda kv: kv[0][:2]):
        tap.note(f"FAIL {target} | {method} -> {status or 'no reply'} | {problem} | x{n}")
        tap.note(f"     request #{req.index} as {req.who}{'; ' + req.note if req.note else ''}")
        tap.note(f"     body: {res.body[:160]!r}")
        tap.note(f"     repro: {repro(req)}")
        tap.note(f"     or: HOSTILE_SEED={seed} HOSTILE_PICK={req.index} ops/test t/hostile/{test}")
    return groups


CATEGORIES = [
    ("reply", "every request got a whole reply within the time limit"),
    ("5xx", "no 5xx: the placeholders' 503 only"),
    ("shape", "every error body has the documented shape (JSON detail or field errors; flower's pages HTML)"),
    ("headers", "401 carries WWW-Authenticate, 405 Allow, 429 Retry-After"),
    ("json", "every JSON success body is valid UTF-8 JSON"),
    ("leak", "nobody gets another user's file, task, rows or profile"),
]


def verdicts(tap, groups, categories, prefix=""):
    """One TAP line per kind of check, failing when any request failed it."""
    for cat, desc in categories:
        n = sum(c for key, (c, _, _) in groups.items() if key[3] == cat)
        tap.ok(n == 0, f"{prefix}{desc} ({n} failing)")


def check_processes(tap, before, sizes, notes=True):
    """No program or child replaced since before; no crash in the logs since sizes."""
    after = processes()
    changed = [f"{n}: {before.get(n)} -> {after.get(n)}" for n in before if before[n] != after.get(n)]
    tap.ok(not changed, "no program or child process died or was replaced", changed)
    crashes, errors = new_log_lines(sizes)
    tap.ok(not crashes, "the logs hold no sanitizer report or crashed child", crashes[:10])
    for line in errors[:8] if notes else ():
        tap.note(f"error-level log line: {line}")


# --- the sweep: one hostile value at a time, everything else valid ------------------------

QUERY_KILLERS = [b"2019-02-31", b"\xff", b"\x00", b"\xc3\x28", b"A" * 5000, b"-1", b"99999999999999999999", b"",
                 b"1e309", b"'", b"%"]
JSON_KILLERS = [b'"\xff"', b'"\\ud800"', b'"\\u0000"', b"1e309", b"99999999999999999999", b"-1", b"[]", b"{}",
                b"null", b'"' + b"a" * 100000 + b'"', b'"2019-02-31"', b"true", b'"\\udfff\\ud800"']
PATH_KILLERS = [b"%FF", b"%00", b"%C3%28", b"a" * 600, b"-1", b"99999999999999999999", b"%2e%2e", b"%25", b"x%0Ay"]


class _First:
    """An rng that always takes the first choice: the most ordinary value."""

    @staticmethod
    def choice(seq):
        return seq[0]


def first_plausible(field, ids):
    if field in ("email", "password"):  # B's address with a wrong password: refused, and throttled soon
        return {"email": ids.user_b["email"], "password": "Another-pass-123"}[field]
    return plausible(_First, field, ids)


def sweep(ids, targets):
    """For every query parameter, JSON field and path parameter of every route:
    a request with valid credentials and that one value made hostile."""
    reqs = []

    def add(target, path, body=b"", ctype=None, probe="sweep"):
        who = "staff" if target.needs == "staff" else "A"
        u = ids.staff if who == "staff" else ids.user_a
        hdrs = [(b"Authorization", b"Bearer " + u["access"].encode())]
        if ctype:
            hdrs.append((b"Content-Type", ctype))
        reqs.append(Request(target.name, target.method, path, hdrs, body, who, probe))

    for name, t in sorted(targets.items()):
        if t.method is None:
            continue
        base = t.paths(random.Random(0), ids)
        for q in t.query:
            for v in QUERY_KILLERS:
                add(t, base + b"?" + q.encode() + b"=" + pct(v), probe=f"sweep: ?{q}=")
        if t.body == "json":
            costly = t.share < 1  # a password hash each: fewer probes, on the credentials only
            for field in t.fields[:2] if costly else t.fields:
                for v in JSON_KILLERS[:6] if costly else JSON_KILLERS:
                    rest = b"".join(b"," + json.dumps(f).encode() + b":" + json.dumps(first_plausible(f, ids)).encode()
                                    for f in t.fields if f != field)
                    add(t, base, b"{" + json.dumps(field).encode() + b":" + v + rest + b"}", b"application/json",
                        f"sweep: JSON {field}")
        if t.body == "multipart":
            for month in DATES:
                body, ctype = valid_upload(month)
                add(t, base, body, ctype, "sweep: month")
        if "<" in name:
            pattern = name.split(" ", 1)[1]
            for v in PATH_KILLERS:
                add(t, re.sub(rb"<[^>]+>", v, pattern.encode()), probe="sweep: path")
    reqs += unread_bodies(targets)
    for i, r in enumerate(reqs):
        r.index = 1_000_000 + i
    pick = os.environ.get("HOSTILE_PICK")
    return [r for r in reqs if str(r.index) in pick.split(",")] if pick else reqs


def valid_upload(month):
    boundary = b"sweepBoundary"
    with open(os.path.join(ROOT, "t", "data", "statements", "sample-12.csv"), "rb") as f:
        csv = f.read()
    body = (b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"form\"\r\n\r\n{\"month\":\"" +
            month.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b"\"}\r\n--" + boundary +
            b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
            csv + b"\r\n--" + boundary + b"--\r\n")
    return body, b"multipart/form-data; boundary=" + boundary


def unread_bodies(targets, pairs=60):
    """Bodies a program answers without reading (a GET's, or a POST refused
    for want of credentials), each followed by a small POST: a kept upstream
    connection must not carry what was left unread into the next request."""
    reqs = []
    get, post, victim = targets["GET /api/"], targets["POST /api/statements/"], targets["POST /api/debug/redis/"]
    for i in range(pairs):
        big = b'{"a":"' + b"a" * (20000 if i % 3 else 100000) + b'"}'
        first = get if i % 2 else post
        reqs.append(Request(first.name, first.method, first.paths(None, None),
                            [(b"Content-Type", b"application/json")], big, "anonymous", "sweep: an unread body"))
        reqs.append(Request(victim.name, "POST", b"/api/debug/redis/", [(b"Content-Type", b"application/json")],
                            b'{"count": 1}', "anonymous", "sweep: the request after an unread body"))
    return reqs
