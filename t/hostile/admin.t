#!/usr/bin/env python3
"""A seeded campaign of malformed and adversarial requests to every admin URL
(issue 14) through nginx, as anonymous, a non-staff API session, an inactive
staff session, a staff non-superuser and a superuser with and without its
CSRF token: never a 5xx; every reply carries X-Frame-Options, the CSP and
Cache-Control: no-store; every error is the admin's HTML page (nginx's JSON
only for what it refuses before routing); no page reflects markup raw, shows
an SQL error or has inline script or style; no batch whose unsafe requests
came from someone refused changes a table; the admin keeps its processes and
logs no error or sanitizer report. ADMIN_HOSTILE_REQUESTS (default 600),
HOSTILE_SEED (default 11; "random" draws one), HOSTILE_PICK=i,j."""
import os
import random
import re
import sys
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree (make dist takes t/hostile)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile as h  # noqa: E402

MARKUP = b'<script>alert(1)</script>"><img src=x onerror=alert(1)>'
MODELS = {  # path: (its form fields, its filter parameters)
    "accounts/user": (["email", "first_name", "last_name", "is_active", "is_staff", "is_superuser", "password",
                       "password2"], ["is_staff__exact", "is_superuser__exact", "is_active__exact"]),
    "accounts/socialaccount": (["user_id", "provider", "uid"], ["provider__exact"]),
    "banking/statementfile": (["month", "owner_id"], ["status__exact", "owner_id__id__exact"]),
    "banking/transaction": (["date", "description", "location", "amount", "source_file_id", "owner_id"],
                            ["date__gte", "date__lt", "source_file_id__id__exact", "owner_id__id__exact"]),
    "hn/link": (["url", "description", "posted_by_id"], []),
    "hn/vote": (["user_id", "link_id"], []),
}
NO_ACCESS = ("anonymous", "api-session", "inactive-staff")
REFUSED = NO_ACCESS + ("super-no-csrf", "super-wrong-csrf")  # every unsafe request of theirs


def admin_login(email, password):
    """(sessionid, csrftoken) of an admin login, or (None, csrftoken) when refused."""
    _, _, headers = h.call("GET", "/admin/login/")
    csrf = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", "")).group(1)
    body = b"&".join([b"csrfmiddlewaretoken=" + csrf.encode(), b"username=" + h.pct(email.encode()),
                      b"password=" + h.pct(password.encode()), b"next=/admin/"])
    res = h.send(h.Request("setup", "POST", b"/admin/login/", [
        (b"Cookie", b"csrftoken=" + csrf.encode()), (b"Content-Type", b"application/x-www-form-urlencoded")], body),
        h.wire.SETUP_ADDRESS)
    m = re.search(r"sessionid=([^;]+)", res.header("set-cookie") or "")
    csrf = re.search(r"csrftoken=([^;]+)", res.header("set-cookie") or "")
    return (m.group(1) if m else None), (csrf.group(1) if csrf else None)


class Cast:
    """Who sends the requests: cookies and CSRF token of each identity, and the rows they aim at."""

    def __init__(self, ids):
        self.ids = ids
        tag = uuid.uuid4().hex[:8]
        h.psql(f"UPDATE users SET is_superuser = true WHERE id = {ids.staff['id']}")
        self.super_session, self.super_csrf = admin_login(ids.staff["email"], ids.password)
        junior = ids.user_b
        h.psql(f"UPDATE users SET is_staff = true WHERE id = {junior['id']}")
        self.junior_session, self.junior_csrf = admin_login(junior["email"], ids.password)
        if not self.super_session or not self.junior_session:
            raise RuntimeError("the superuser or the staff user cannot log in to the admin")
        inactive = h.psql(f"INSERT INTO users (email, password, is_active, is_staff, date_joined) VALUES "
                          f"('hostile-{tag}-inactive@example.com', '!', false, true, now()) RETURNING id")
        self.inactive_session = uuid.uuid4().hex[:32] + "a" * 8
        h.redis("SET", f"session:{self.inactive_session}", inactive, "EX", "3600")
        uid = ids.user_a["id"]
        sid = ids.statement_a
        self.rows = {"accounts/user": [uid, junior["id"], ids.staff["id"]],
                     "banking/statementfile": [sid],
                     "banking/transaction": h.psql(f"SELECT id FROM transactions WHERE source_file_id = {sid} "
                                                   "ORDER BY id LIMIT 3").split(),
                     "hn/link": [h.psql(f"INSERT INTO links (url, description, posted_by_id) VALUES "
                                        f"('https://e.example/{tag}', 'hostile', {uid}) RETURNING id")],
                     "accounts/socialaccount": [h.psql(f"INSERT INTO social_accounts (provider, uid, user_id) "
                                                       f"VALUES ('github', '{tag}', {uid}) RETURNING id")]}
        self.rows["hn/vote"] = [h.psql(f"INSERT INTO votes (user_id, link_id) VALUES "
                                       f"({uid}, {self.rows['hn/link'][0]}) RETURNING id")]

    def cookies(self, who):
        return {"anonymous": f"csrftoken={self.super_csrf}",
                "api-session": f"sessionid={self.ids.session}; csrftoken={self.ids.csrf}",
                "inactive-staff": f"sessionid={self.inactive_session}; csrftoken={self.super_csrf}",
                "junior": f"sessionid={self.junior_session}; csrftoken={self.junior_csrf}",
                "super-no-csrf": f"sessionid={self.super_session}",
                "super-wrong-csrf": f"sessionid={self.super_session}; csrftoken={self.super_csrf}",
                "super": f"sessionid={self.super_session}; csrftoken={self.super_csrf}"}[who]

    def token(self, who):
        return {"super-wrong-csrf": self.junior_csrf, "junior": self.junior_csrf, "api-session": self.ids.csrf}.get(
            who, self.super_csrf)


def some_id(rng, cast, model):
    own = cast.rows.get(model) or ["1"]
    return str(rng.choice(own)).encode() if rng.random() < 0.6 else h.pct(rng.choice(h.STRINGS), rng)


def make_path(rng, cast, model):
    page = rng.choice(["list", "list", "add", "change", "change", "delete", "history", "app", "index", "log",
                       "password", "password_change", "logout", "login", "nowhere"])
    app = model.split("/")[0].encode()
    if page == "list":
        return b"/admin/%s/" % model.encode(), page
    if page in ("change", "delete", "history"):
        return b"/admin/%s/%s/%s/" % (model.encode(), some_id(rng, cast, model), page.encode()), page
    if page == "password":
        return b"/admin/accounts/user/%s/password/" % some_id(rng, cast, "accounts/user"), page
    return {"add": b"/admin/%s/add/" % model.encode(), "app": b"/admin/%s/" % app, "index": b"/admin/",
            "log": b"/admin/log/", "password_change": b"/admin/password_change/", "logout": b"/admin/logout/",
            "login": b"/admin/login/", "nowhere": b"/admin/" + h.pct(rng.choice(h.STRINGS), rng) + b"/"}[page], page


def make_query(rng, model):
    names = ["q", "o", "p", "next", "zz"] + MODELS[model][1]
    pairs = [h.pct(rng.choice(names).encode()) + b"=" + h.pct(h.pick_value(rng, [MARKUP, b"1", b"-1", b"%"]), rng)
             for _ in range(rng.choice([0, 0, 1, 2, 3]))]
    return b"?" + b"&".join(pairs) if pairs else b""


def make_form(rng, cast, model, who):
    fields = MODELS[model][0] + ["action", "_selected_action", "post", "_save", "_continue", "password1",
                                 "password2", "old_password", "new_password1", "new_password2", "username"]
    pairs = []
    if who not in ("super-no-csrf",) and rng.random() < 0.9:
        pairs.append(b"csrfmiddlewaretoken=" + cast.token(who).encode())
    for _ in range(rng.randint(0, 6)):
        name = rng.choice(fields)
        value = rng.choice([b"delete_selected", b"rerun_import", b"yes", b"on"]) if name in (
            "action", "post", "is_staff", "is_superuser") else h.pick_value(rng, [MARKUP, some_id(rng, cast, model)])
        pairs.append(name.encode() + b"=" + h.pct(value, rng))
    return b"&".join(pairs)


def keep_cast(body, page, model):
    """A staff user with a good token may change what it likes, but not end
    the campaign's own sessions and users (a delete, a logout, a password or
    a superuser flag): those posts lose their token, and are refused too."""
    body = body.replace(b"post=yes", b"post=no").replace(b"rerun_import", b"no_action") + b"&post=no"
    if page in ("delete", "logout", "password_change", "password", "login") or (
            page == "change" and model == "accounts/user" and b"csrfmiddlewaretoken=" in body and
            b"is_superuser" in body):
        body = body.replace(b"csrfmiddlewaretoken=", b"csrfmiddlewaretoken=x")
    return body


def make_request(rng, cast, i):
    who = rng.choice(REFUSED + ("junior", "junior", "super", "super", "super"))
    model = rng.choice(sorted(MODELS))
    path, page = make_path(rng, cast, model)
    method = rng.choice(["GET", "GET", "POST", "POST", "HEAD", "PUT"])
    headers = [(b"Cookie", cast.cookies(who).encode())]
    body = b""
    if method in ("POST", "PUT"):
        body = make_form(rng, cast, model, who)
        if who in ("super", "junior"):
            body = keep_cast(body, page, model)
        headers.append((b"Content-Type", rng.choice([b"application/x-www-form-urlencoded"] * 4 + [
            b"text/plain", b"multipart/form-data; boundary=x", b"application/x-www-form-urlencoded; charset=latin1"])))
    req = h.Request(f"{method} /admin/ {page}", method, path + make_query(rng, model), headers, body, who)
    req.index = i
    return req


def admin_problems(req, res):
    """What is wrong with an admin reply; empty when nothing is."""
    if res.error:
        return [res.error]
    found, s, ctype = [], res.status, res.header("content-type") or ""
    if s >= 500:
        found.append(f"a {s}")
    if b".." in req.path or b"%2e" in req.path.lower():
        return found  # nginx may resolve it to another location than /admin/
    for name, want in (("x-frame-options", "DENY"), ("content-security-policy", "default-src 'self'"),
                       ("cache-control", "no-store")):
        if res.header(name) != want:
            found.append(f"{name}: {res.header(name)!r}")
    routed = res.header("x-request-id") is not None  # nginx's refusals before routing have none
    if s >= 400 and req.method != "HEAD" and routed and not ctype.startswith("text/html"):
        found.append(f"a {s} that is not HTML ({ctype})")
    if req.who in NO_ACCESS and s == 200 and req.method != "HEAD" and b"/admin/login/" not in req.path \
            and b"/admin/logout/" not in req.path:
        found.append(f"{req.who} got a 200")
    body = res.body
    if b"<script>alert" in body or b"<img src=x" in body:
        found.append("markup reflected raw")
    if re.search(rb"ERROR: |SQLSTATE|syntax error at", body):
        found.append("an SQL error shown")
    for tag in re.findall(rb"<([a-zA-Z][^>]*)>", body):
        bare = re.sub(rb'"[^"]*"', b"", tag)
        if re.search(rb"\s(on\w+|style)\s*=", bare, re.I) or (bare.lower().startswith(b"script") and b"src=" not in bare):
            found.append("inline script, style or handler")
            break
    return found


def main():
    tap = h.Tap()
    seed = h.seed_from_env()
    count = int(os.environ.get("ADMIN_HOSTILE_REQUESTS", "600"))
    try:
        ids = h.Identities("127.0.0.62")
        cast = Cast(ids)
    except Exception as e:  # the stack itself is broken: say so and stop
        tap.ok(False, "the campaign's users and admin sessions are set up", [str(e)])
        return tap.done()
    pick = os.environ.get("HOSTILE_PICK")
    indexes = [int(i) for i in pick.split(",")] if pick else range(count)
    reqs = [make_request(random.Random(f"{seed}:admin:{i}"), cast, i) for i in indexes]
    pid_file = os.path.join(h.VAR_DIR, "run", "admin.pid")
    with open(pid_file) as f:
        master = int(f.read().strip())
    before_children, sizes = h.children(master), h.log_sizes()
    failures, changed, compared, counts = [], [], 0, {}
    for start in range(0, len(reqs), 4):
        part = reqs[start:start + 4]
        before = h.db_state()
        replies = [h.send(q) for q in part]
        for q, r in zip(part, replies):
            key = f"{q.who} {r.status // 100}xx"
            counts[key] = counts.get(key, 0) + 1
            failures += [(q, r, p) for p in admin_problems(q, r)]
        if all(q.who in REFUSED for q in part if q.unsafe):
            compared += 1
            if h.db_state() != before:
                changed.append(", ".join(f"#{q.index} {q.method} {q.path[:80]!r} as {q.who}" for q in part))
    tap.note(f"{len(reqs)} admin requests, seed {seed}; replies per identity and class:")
    tap.note(", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for q, r, p in failures[:15]:
        tap.note(f"FAIL #{q.index} {q.method} {q.path[:100]!r} as {q.who} -> {r.status}: {p}")
        tap.note(f"     repro: HOSTILE_SEED={seed} HOSTILE_PICK={q.index} ops/test t/hostile/admin.t")
    for what in ("a 5", "x-frame-options", "content-security-policy", "cache-control", "not HTML", "got a 200",
                 "reflected", "SQL error", "inline"):
        n = sum(1 for _, _, p in failures if what in p)
        tap.ok(n == 0, f"no reply with {what!r} ({n})")
    tap.ok(not [f for f in failures if not any(w in f[2] for w in ("a 5", "x-frame", "content-sec", "cache-c",
                                                                   "not HTML", "got a 200", "reflected", "SQL",
                                                                   "inline"))], "every reply came back whole")
    tap.ok(not changed, f"no data changed in {compared} batches whose unsafe requests were all refused", changed[:5])
    rows = h.psql(f"SELECT is_staff, is_superuser FROM users WHERE id IN ({ids.user_a['id']}, {ids.user_b['id']}) "
                  "ORDER BY id").splitlines()
    tap.ok(rows == ["f|f", "t|f"], "A is still not staff and the staff user not a superuser", [f"got {rows}"])
    tap.ok(h.children(master) == before_children and os.path.exists(f"/proc/{master}"),
           "the admin's master and children are the same processes")
    crashes, errors = h.new_log_lines(sizes)
    tap.ok(not crashes, "no sanitizer report or crashed child in the logs", crashes[:10])
    admin_errors = [e for e in errors if e.startswith("admin")]
    tap.ok(not admin_errors, "the admin logged no error", admin_errors[:10])
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
