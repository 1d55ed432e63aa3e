"""Who sends the requests (two users, staff, a session, forged tokens) and
the requests themselves: seeded random ones, and a sweep of one hostile value
at a time."""
import json
import os
import random
import re
import time
import uuid

from . import wire
from .checks import wait_imports_idle
from .routes import *  # noqa: F401,F403
from .values import *  # noqa: F401,F403
from .wire import ROOT, Request, call, psql


class Identities:
    """Two users (A owns a statement and a task), a staff user, A's session."""

    def __init__(self, address):
        wire.SETUP_ADDRESS = address  # failed logins are throttled per client address
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
    "query": [d.encode() for d in GRAPHQL_DOCS] + [b"mutation { createVote(linkId: 1) { link { id } } }", b"\xff"],
    "variables": [json.dumps(v).encode() for v in GRAPHQL_VARIABLES] + [b"{\"n\": \"\xff\"}"],
    "operationName": [b"A", b"B", b"Q", b"", b"nope"],
}


def make_query(rng, target, ids):
    if rng.random() < 0.08:
        return rng.choice([b"?", b"?&&&", b"?=", b"?%", b"?%zz=1", b"?a=1;b=2", b"?" + b"a=1&" * 1500,
                           b"?" + b"x" * 9000, b"?search=%FF", b"?limit=%00", b"?%FF=%FF"])
    if not target.query or rng.random() < 0.3:
        return b""
    pairs = []
    if "query" in target.query and rng.random() < 0.5:  # GraphQL: often a document that runs
        pairs.append(b"query=" + pct(rng.choice(GRAPHQL_DOCS[:9]).encode(), rng))
    for _ in range(rng.randint(0 if pairs else 1, 3)):
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
        # Not 3600: accepted, it holds a worker for an hour and the imports the checks wait for stall.
        "seconds": [0, 1, 3601, -1, 0.5, 1e9],
        "celery_metrics_token": [os.environ.get("CELERY_METRICS_TOKEN", "ci-metrics-token"), "wrong"],
        "first_name": ["Ann", "a" * 200, "<b>x</b>"],
        "last_name": ["Lee", ""],
        "is_staff": [True], "is_superuser": [True], "id": [ids.staff["id"]],
        "code": ["hostile-code", "x"], "redirect_uri": ["http://evil.example/", ""], "state": ["x"],
        "to": ["x@example.com"],
        "query": GRAPHQL_DOCS, "variables": GRAPHQL_VARIABLES, "operationName": ["A", "B", "Q", None, "nope", 1],
    }.get(field, ["x"])
    return rng.choice(choices)


def json_body(rng, target, ids):
    r = rng.random()
    if r < 0.25:
        return malformed_json(rng, target.fields)
    obj = {}
    if "query" in target.fields and rng.random() < 0.5:  # GraphQL: often a document that runs
        obj["query"] = rng.choice(GRAPHQL_DOCS[:12])
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


def websocket_headers(rng, req):
    """A websocket handshake (to /ws/ through nginx to wsd), mostly valid,
    with one part made hostile now and then: key, version, Origin, Upgrade,
    Connection, extensions, protocols, huge or binary values."""
    key = b"dGhlIHNhbXBsZSBub25jZQ=="
    parts = {b"Upgrade": b"websocket", b"Connection": b"Upgrade", b"Sec-WebSocket-Key": key,
             b"Sec-WebSocket-Version": b"13", b"Origin": b"http://127.0.0.1"}
    hostile = {
        b"Upgrade": [b"WebSocket", b"websocket, h2c", b"h2c", b"", b"\xff", b"websocket" * 1000],
        b"Connection": [b"keep-alive, Upgrade", b"upgrade", b"close", b"", b"Upgrade\x00", b"Upgrade, " * 800],
        b"Sec-WebSocket-Key": [b"", b"short", b"c2hvcnQ=", b"=" * 24, b"\xff" * 24, b"A" * 8000, key + b"x"],
        b"Sec-WebSocket-Version": [b"12", b"8", b"", b"13, 8", b"-1", b"99999999999999999999", b"\xff"],
        b"Origin": [b"http://evil.example", b"null", b"", b"http://127.0.0.1@evil.example", b"file://", b"\xff",
                    b"http://" + b"a" * 5000, b"http://127.0.0.1/path", b"HTTP://LOCALHOST"],
    }
    notes = []
    for name in list(parts):
        if rng.random() < 0.12:
            parts[name] = rng.choice(hostile[name])
            notes.append(f"ws {name.decode()} {parts[name][:20]!r}")
        if rng.random() < 0.04:
            del parts[name]
            notes.append(f"no {name.decode()}")
    extra = rng.choice([[], [], [], [(b"Sec-WebSocket-Extensions", b"permessage-deflate; client_max_window_bits")],
                        [(b"Sec-WebSocket-Protocol", b"chat, " * 500)], [(b"Sec-WebSocket-Extensions", b"\xff" * 100)],
                        [(b"X-Ws-User-Id", b"1"), (b"X-Ws-User-Email", b"admin%40example.com")],
                        [(b"Sec-WebSocket-Key", key), (b"Sec-WebSocket-Key", b"b3RoZXIga2V5IGhlcmUhIQ==")]])
    req.headers.extend(list(parts.items()) + extra)
    return notes or ["websocket handshake"]


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
    if target.websocket and rng.random() < 0.85:
        notes += websocket_headers(rng, req)
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
