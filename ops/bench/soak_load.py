#!/usr/bin/env python3
"""The load of ops/bench/soak (Python standard library only).

  soak_load.py setup  DIR URL                  users registered, statements generated
  soak_load.py load   DIR URL START SECONDS    the mixed load from START (epoch) on

DIR is what the two steps, ops/bench/soak and soak_report.py share
(tab-separated files):
users.tsv, requests.tsv (every request: start, seconds taken, thread, kind,
status, detail), tasks.tsv, uploads.tsv, and from ops/bench/soak timeline.tsv
(time, start|end, fault, detail) and rss.tsv (start|end, program, role, pid, KB).
Settings from the environment: SOAK_USERS, SOAK_THREADS, SOAK_THINK_MS,
SOAK_LOGIN_SECONDS, GEN (the statement generator).
"""
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse

USERS = int(os.environ.get("SOAK_USERS", "4"))
THREADS = int(os.environ.get("SOAK_THREADS", "8"))
THINK = int(os.environ.get("SOAK_THINK_MS", "50")) / 1000
LOGIN_EVERY = float(os.environ.get("SOAK_LOGIN_SECONDS", "10"))
PASSWORD = "Soak-passw0rd"
STATEMENT_ROWS = [5, 20, 50, 120, 300]
# The mix of one thread's requests besides its logins: (kind, weight).
MIX = [("statements", 15), ("transactions", 25), ("spend", 10),
       ("upload", 4), ("sleep", 5), ("task", 15)]
TIMEOUT = 20


def tsv_write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write("\t".join(str(v) for v in row) + "\n")


def tsv_read(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


class Client:
    """One keep-alive connection; a network error closes it and the next
    request opens a new one, as a browser would."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = None
        self.token = None

    def request(self, method, path, body=None, headers=None):
        """(status, parsed JSON or None, seconds); status 0: network error."""
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        begun = time.time()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
            data = resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException) as e:
            self.close()
            return 0, type(e).__name__, time.time() - begun
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        return status, parsed, time.time() - begun

    def post_json(self, path, obj):
        return self.request("POST", path, json.dumps(obj).encode(),
                            {"Content-Type": "application/json"})

    def close(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def why(status, body):
    """What the log keeps of a reply that was not a success: the network
    error's name or the JSON detail, on one line."""
    if 200 <= status < 300:
        return ""
    if isinstance(body, dict):
        body = body.get("detail", body)
    return " ".join(str(body).split())[:200]


def email_of(i):
    return "soak%d@example.com" % i


def setup(d, url):
    c = Client(url)
    for i in range(USERS):
        status, body, _ = c.post_json("/api/auth/register/",
                                      {"email": email_of(i), "password": PASSWORD})
        if status != 201:
            sys.exit("soak: registering %s: %s %s" % (email_of(i), status, body))
    tsv_write(os.path.join(d, "users.tsv"), [(email_of(i), PASSWORD) for i in range(USERS)])
    gen = os.environ["GEN"]
    for n, rows in enumerate(STATEMENT_ROWS):
        with open(os.path.join(d, "statement-%d.csv" % rows), "wb") as f:
            subprocess.run([gen, str(rows), str(100 + n)], stdout=f, check=True)


def multipart(month, name, content):
    boundary = "soak%016x" % random.getrandbits(64)
    parts = [
        b"--%s\r\nContent-Disposition: form-data; name=\"form\"\r\n\r\n" % boundary.encode(),
        json.dumps({"month": month}).encode(),
        b"\r\n--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
        b"Content-Type: text/csv\r\n\r\n" % (boundary.encode(), name.encode()),
        content,
        b"\r\n--%s--\r\n" % boundary.encode(),
    ]
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


class LoadThread(threading.Thread):
    """A user's session: logs in now and then, and between logins lists,
    uploads, enqueues and polls its own tasks, with a pause between requests."""

    def __init__(self, n, url, end, statements):
        super().__init__(daemon=True)
        self.n, self.end, self.statements = n, end, statements
        self.email = email_of(n % USERS)
        self.client = Client(url)
        self.rng = random.Random(n)
        self.log, self.tasks, self.uploads = [], [], []
        self.pending = []  # this thread's task ids not seen finished yet
        self.last_login = 0.0

    def record(self, kind, status, seconds, detail=""):
        self.log.append((time.time() - seconds, seconds, self.n, kind, status, detail))
        if status == 401:  # counted as an error; log in again before the next request
            self.client.token = None

    def login(self):
        token, self.client.token = self.client.token, None
        status, body, secs = self.client.post_json(
            "/api/auth/obtain_token/", {"email": self.email, "password": PASSWORD})
        self.client.token = token
        self.last_login = time.time()
        if status == 200 and isinstance(body, dict) and body.get("access"):
            self.client.token = body["access"]
        elif token is not None:  # keep the token a while: try again in a second
            self.last_login -= LOGIN_EVERY - 1
        self.record("login", status, secs, why(status, body))

    def get(self, kind, path):
        status, body, secs = self.client.request("GET", path)
        self.record(kind, status, secs, why(status, body))
        return status, body

    def upload(self):
        rows = self.rng.choice(list(self.statements))
        month = "%d-%02d-01" % (self.rng.choice((2019, 2020)), self.rng.randint(1, 12))
        body, ctype = multipart(month, "soak-%d.csv" % rows, self.statements[rows])
        status, reply, secs = self.client.request("POST", "/api/statements/", body,
                                                  {"Content-Type": ctype})
        sid = reply.get("id", "") if status == 201 and isinstance(reply, dict) else ""
        self.record("upload", status, secs, sid or why(status, reply))
        self.uploads.append((time.time(), self.email, status, sid, rows))

    def sleep_task(self):
        seconds = 1 if self.rng.random() < 0.1 else 0
        status, reply, secs = self.client.post_json("/api/celery/sleep-task/",
                                                    {"seconds": seconds})
        tid = reply.get("task_id", "") if isinstance(reply, dict) else ""
        self.record("sleep", status, secs, tid or why(status, reply))
        if 200 <= status < 300 and tid:
            self.tasks.append((time.time(), self.email, tid))
            self.pending.append(tid)

    def poll_task(self):
        tid = self.pending[0]
        status, body = self.get("task", "/api/tasks/%s/" % tid)
        if status == 200 and isinstance(body, dict) and body.get("state") in ("SUCCESS", "FAILURE"):
            self.pending.pop(0)
        elif status == 200:  # still queued or running: look at another next time
            self.pending.append(self.pending.pop(0))

    def one(self):
        kind = self.rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        if kind == "task" and not self.pending:
            kind = "statements"
        if kind == "statements":
            self.get(kind, "/api/statements/")
        elif kind == "transactions":
            self.get(kind, "/api/transactions/?limit=25&offset=%d" % (25 * self.rng.randint(0, 8)))
        elif kind == "spend":
            self.get(kind, "/api/transactions/spend/?interval=%s"
                     % self.rng.choice(("day", "week", "month")))
        elif kind == "upload":
            self.upload()
        elif kind == "sleep":
            self.sleep_task()
        else:
            self.poll_task()

    def run(self):
        while time.time() < self.end:
            if self.client.token is None or time.time() - self.last_login >= LOGIN_EVERY:
                self.login()
            if self.client.token is not None:
                self.one()
            time.sleep(THINK * (0.5 + self.rng.random()))


def load(d, url, start, seconds):
    statements = {}
    for rows in STATEMENT_ROWS:
        with open(os.path.join(d, "statement-%d.csv" % rows), "rb") as f:
            statements[rows] = f.read()
    end = start + seconds
    threads = [LoadThread(n, url, end, statements) for n in range(THREADS)]
    for t in threads:
        t.start()
        time.sleep(0.05)  # not every login in the same instant
    for t in threads:
        t.join()
    rows = sorted(r for t in threads for r in t.log)
    tsv_write(os.path.join(d, "requests.tsv"), rows)
    tsv_write(os.path.join(d, "tasks.tsv"), [r for t in threads for r in t.tasks])
    tsv_write(os.path.join(d, "uploads.tsv"), [r for t in threads for r in t.uploads])


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("setup", "load"):
        sys.exit(__doc__)
    step, d, url = sys.argv[1:4]
    if step == "setup":
        setup(d, url)
    else:
        load(d, url, float(sys.argv[4]), float(sys.argv[5]))


if __name__ == "__main__":
    main()
