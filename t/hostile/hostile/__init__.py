"""Hostile-input campaign: a seeded generator of malformed and adversarial
requests for every route of every program, sent through nginx over raw
sockets, and the checks made on what comes back. Used by t/hostile/*.t,
which ops/test runs against the stack it started (BASE_URL, VAR_DIR, ROOT,
SECRET_KEY, POSTGRES_SERVICE_PORT, REDIS_SERVICE_PORT in the environment).

Reproducible: request i of seed S is drawn from random.Random("S:i") alone,
so HOSTILE_SEED=S HOSTILE_PICK=i replays that one request (tokens and ids
are the run's own). Stdlib only."""
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .checks import *  # noqa: F401,F403
from .generate import *  # noqa: F401,F403
from .routes import *  # noqa: F401,F403
from .values import *  # noqa: F401,F403
from .wire import *  # noqa: F401,F403


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
    if IMPORTS_STUCK:
        tap.note("a statement import never ended (the worker busy with a long task?): batches did not wait for it")
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
    ("shape", "every error body has the documented shape (JSON detail or field errors; flower's and the admin's pages HTML)"),
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
