"""The generator's targets: every row of the route tables in
lib/apps/*/routes.c and every nginx location, and how to make their paths."""
import os
import re
import uuid

from .wire import ROOT


# --- routes: what the generator knows of each ----------------------------------------


class Target:
    """One route-table row or nginx location: how to make its paths and bodies."""

    def __init__(self, name, method, paths, body=None, fields=(), query=(), html=False, needs=None, share=1.0,
                 websocket=False):
        self.name = name  # "METHOD /pattern" for a route row, "location /x/" for nginx's
        self.method = method  # None for a location: any method
        self.paths = paths  # function(rng, ids) -> bytes
        self.body = body  # None, "json" or "multipart"
        self.fields = list(fields)
        self.query = list(query)
        self.html = html  # flower's pages answer browsers in HTML
        self.needs = needs  # "user" or "staff": the identity most requests carry
        self.share = share  # < 1: fewer turns (a password hash costs a second under ASan)
        self.websocket = websocket  # most requests carry a websocket handshake (generate.websocket_headers)


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
GQL_Q = ["query", "variables", "operationName"]


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
        T("GET /graphql/", "GET", fixed("/graphql/"), query=GQL_Q),
        T("POST /graphql/", "POST", fixed("/graphql/"), "json", GQL_Q),
    ]
    return {t.name: t for t in rows}


def any_of(*paths):
    return lambda rng, ids: rng.choice(paths)


def ws_paths(rng, ids):
    return rng.choice([b"/ws/ping-pong/", b"/ws/ping-pong/", b"/ws/notifications/", b"/ws/notifications/", b"/ws/",
                       b"/ws/nope/", b"/ws/ping-pong", b"/ws/ping-pong/x", b"/ws/ping-pong/%FF", b"/ws/%00/",
                       b"/ws/ping-pong/../notifications/", b"/ws//ping-pong/", b"/ws/PING-PONG/",
                       b"/ws/ping-pong/" + b"a" * 3000, b"/ws/notifications/%2e%2e/"])


def location_targets():
    """Every nginx location in conf/nginx/locations.inc and json_errors.conf."""
    T = Target
    rows = [
        T("location /api/", None, any_of(b"/api/nope", b"/api", b"/api//", b"/api/../etc/passwd", b"/api/%FF",
                                         b"/api/%00", b"/API/", b"/api/auth/obtain_token", b"/api/users/profile")),
        T("location = /api/docs", None, any_of(b"/api/docs", b"/api/docs?x=%FF")),
        T("location /api/docs/", None, any_of(b"/api/docs/", b"/api/docs/index.html", b"/api/docs/init.js",
                                              b"/api/docs/nope.js", b"/api/docs/../../conf/settings/ci.env",
                                              b"/api/docs/%2e%2e/%2e%2e/conf/settings/ci.env", b"/api/docs/%FF")),
        T("location /static/api-docs/", None, any_of(b"/static/api-docs/", b"/static/api-docs/index.html",
                                                     b"/static/api-docs/init.js", b"/static/api-docs/%FF")),
        T("location = /healthz", None, any_of(b"/healthz", b"/healthz/", b"/healthz?x=%FF")),
        T("location = /readiness", None, any_of(b"/readiness", b"/readiness/", b"/readiness?full=1")),
        T("location /flower/", None, any_of(b"/flower/nope", b"/flower", b"/flower/api/", b"/flower/%FF",
                                            b"/flower/task/", b"/flower/api/task/")),
        T("location /media/private/", None, any_of(b"/media/private/", b"/media/private/%FF")),
        T("location /media/", None, any_of(b"/media/", b"/media/x.csv", b"/media/statements/1/x.csv", b"/media/%FF",
                                           b"/media/../conf/x", b"/media/privatex/a")),
        T("location /_protected_media/", None, any_of(b"/_protected_media/", b"/_protected_media/statements/1/x.csv",
                                                      b"/_protected_media/../x")),
        T("location /graphql/", None, any_of(b"/graphql/", b"/graphql/?query=%7B__schema%7D", b"/graphql/x",
                                             b"/graphql/%FF", b"/graphql/?query=%7B__typename%7D")),
        T("location /admin/", None, any_of(b"/admin/", b"/admin/login/", b"/admin/%FF")),
        T("location /ws/", None, ws_paths, query=["x"], websocket=True),
        T("location = /_internal/ws-identity/", None, any_of(b"/_internal/ws-identity/", b"/_internal/ws-identity",
                                                             b"/_internal/ws-identity/?x=1", b"/_internal/%FF")),
        T("location /static/", None, any_of(b"/static/", b"/static/robots.txt", b"/static/../conf/settings/ci.env",
                                            b"/static/%2e%2e/conf/settings/ci.env", b"/static/nope.css", b"/static")),
        T("location = /static/graphiql/index.html", None, any_of(b"/static/graphiql/index.html",
                                                                 b"/static/graphiql/index.html/", b"/static/graphiql/%69ndex.html")),
        T("location /static/graphiql/", None, any_of(b"/static/graphiql/", b"/static/graphiql/assets/x.js",
                                                     b"/static/graphiql/../../conf/settings/ci.env", b"/static/graphiql/%FF",
                                                     b"/static/graphiql")),
        T("location /", None, any_of(b"/", b"/login", b"/banking", b"/index.html", b"/nope/%FF", b"/..%2F..%2Fetc",
                                     b"//", b"/a" * 300)),
        T("location /assets/", None, any_of(b"/assets/", b"/assets/x.js", b"/assets/x.css", b"/assets/%FF")),
        T("location = /_errors/400.json", None, any_of(b"/_errors/400.json", b"/_errors/400.json/")),
        T("location = /_errors/414.json", None, any_of(b"/_errors/414.json", b"/_errors/")),
        T("location = /_errors/encoding.json", None, any_of(b"/_errors/encoding.json", b"/_errors/encoding.json?x")),
        T("location = /_errors/version.json", None, any_of(b"/_errors/version.json", b"/_errors/version.json/")),
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
