"""What every reply must be, what must not change, and what the programs
and their logs must show."""
import json
import os
import re
import subprocess
import time

from .wire import VAR_DIR, psql, redis


# --- what every reply must be --------------------------------------------------------

PLACEHOLDERS = ()  # locations whose program is not written yet (a 503 there is expected)
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
    if ctype.startswith("text/html") and target == "location /admin/":  # what nginx refuses first is JSON
        ok = res.body.startswith(b"<!DOCTYPE html>") and res.body.rstrip().endswith(b"</html>")
        return None if ok else "the admin's HTML error page is not a whole page"
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
    if req.path.startswith(b"/graphql/") and "errors" in obj:
        return graphql_errors_shape(obj)
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


def graphql_errors_shape(obj):
    """None when obj is {"errors": [{"message": str, ...}, ...]} (with "data" too, maybe)."""
    errors = obj["errors"]
    if not (isinstance(errors, list) and errors and
            all(isinstance(e, dict) and isinstance(e.get("message"), str) and e["message"] for e in errors)):
        return "\"errors\" is not a non-empty list of objects with a message"
    extra = set(obj) - {"errors", "data"}
    return f"\"errors\" comes with other keys {sorted(extra)}" if extra else None


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
local s = redis.call('KEYS', 'session:*'); table.sort(s)
local r = redis.call('SMEMBERS', 'revoked'); table.sort(r)
local newest = 'none in the newest 1000'
for _, id in ipairs(redis.call('LRANGE', 'tasks:recent', 0, 999)) do
  local t = redis.call('HGET', 'task:' .. id, 'task')
  if t ~= 'debug_periodic_task' and t ~= 'publish_queue_metrics' then newest = id .. ' (' .. tostring(t) .. ')'; break end
end
local detail = {}
for _, k in ipairs(s) do detail[#detail + 1] = k .. '=' .. tostring(redis.call('GET', k)) .. ' ttl ' .. redis.call('TTL', k) end
return {table.concat(detail, ' '),
        'cached_value ' .. tostring(redis.call('GET', 'cached_value')),
        'sessions ' .. #s .. ' ' .. redis.sha1hex(table.concat(s, ' ')),
        'revoked ' .. #r .. ' ' .. redis.sha1hex(table.concat(r, ' ')),
        'newest task ' .. newest}
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
    if before["redis"][1:] != after["redis"][1:]:
        changed = [f"{b} -> {a}" for b, a in zip(before["redis"][1:], after["redis"][1:]) if b != a]
        # The first element is every session as key=user ttl: which went or came, and how long it had.
        was, now = before["redis"][0].split(), after["redis"][0].split()
        gone = [f"{k} ttl {t}" for k, _, t in zip(was[0::3], was[1::3], was[2::3]) if k not in now[0::3]]
        came = [k for k in now[0::3] if k not in was[0::3]]
        out.append("Redis changed: " + "; ".join(changed) + f" (sessions gone: {gone}; new: {came})")
    if before["media"] != after["media"]:
        out.append("media files: new " + ", ".join(sorted(set(after["media"]) - set(before["media"])))[:300])
    return out


IMPORTS_STUCK = []  # set when an import never ended: later batches do not wait for it again


def wait_imports_idle(limit=30):
    """Statement imports run in the worker: a digest waits until none is in flight."""
    end = time.monotonic() + (0 if IMPORTS_STUCK else limit)
    while True:
        if psql("SELECT count(*) FROM statement_files WHERE status IN ('pending', 'processing')") == "0":
            return True
        if time.monotonic() >= end:
            IMPORTS_STUCK.append(True)
            return False
        time.sleep(0.1)


# --- processes and logs -----------------------------------------------------------------------


def children(pid):
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except OSError:
        return []
    return sorted(int(p) for p in out.split())


def processes():
    """{program: (master pid, children)} for api, flower, the worker and wsd."""
    out = {}
    for name in ("api", "flower", "worker", "wsd"):
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
