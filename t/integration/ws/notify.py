"""/ws/notifications/ through nginx: authentication (session cookie at the
handshake, or a first-message token, within WS_AUTH_TIMEOUT, else 4401),
then each user's own events: task states from the worker and statement
import progress. Environment: A_EMAIL, A_TOKEN, A_REFRESH, A_SESSION, A_ID,
B_TOKEN, B_ID, SECRET_KEY, SHORT_AUTH_SOCK (a wsd with WS_AUTH_TIMEOUT=1),
SAMPLE (a CSV of 12 rows)."""
import asyncio
import json
import os
import sys
import time

import jwt

from wslib import NOTIFICATIONS, Tap, api, auth_ack, closed_with, connect, next_json, upload_statement

t = Tap()
E = os.environ
A_ID, B_ID = int(E["A_ID"]), int(E["B_ID"])
AUTH_CODES = (4401,)
STATEMENT_KEYS = sorted(["type", "id", "status", "rows", "errors", "progress"])


def token_for(user_id, exp_in, token_type="access", key=None):
    now = int(time.time())
    claims = {"token_type": token_type, "exp": now + exp_in, "iat": now - 600, "jti": os.urandom(16).hex(),
              "user_id": user_id}
    return jwt.encode(claims, key or E["SECRET_KEY"], algorithm="HS256")


async def notifications(**kw):
    return await connect(NOTIFICATIONS, **kw)


async def token_client(token):
    c = await notifications()
    await c.send(json.dumps({"type": "auth", "token": token}))
    return c, await auth_ack(c)


# --- authentication ------------------------------------------------------------------------------


async def authentication():
    c = await notifications(extra_headers=[("Cookie", f"sessionid={E['A_SESSION']}")])
    ack = await auth_ack(c, 10)
    t.is_(ack, {"type": "auth", "ok": True, "user_id": A_ID},
          "a sessionid cookie authenticates at once: {\"type\": \"auth\", \"ok\": true, \"user_id\": <id>}")
    await c.send(json.dumps({"type": "auth", "token": E["A_TOKEN"]}))
    m = await next_json(c, 10)
    t.ok(m is not None and m.get("type") == "error" and isinstance(m.get("detail"), str),
         "after auth a client message gets an error frame", f"got {m}")
    t.ok(c.open, "and the connection stays open")
    await c.close()
    c = await notifications(extra_headers=[("Authorization", f"Bearer {E['A_TOKEN']}")])
    t.is_(await auth_ack(c, 10), {"type": "auth", "ok": True, "user_id": A_ID},
          "Authorization: Bearer at the handshake authenticates at once too")
    await c.close()
    c, ack = await token_client(E["A_TOKEN"])
    t.is_(ack, {"type": "auth", "ok": True, "user_id": A_ID}, "a first message {\"type\": \"auth\", \"token\"} "
          "with an access token is acknowledged")
    await c.close()
    for what, first in [("a bad token", {"type": "auth", "token": E["A_TOKEN"][:-2] + "xx"}),
                        ("an expired token", {"type": "auth", "token": token_for(A_ID, -60)}),
                        ("a refresh token", {"type": "auth", "token": E["A_REFRESH"]}),
                        ("a token signed with another key",
                         {"type": "auth", "token": token_for(A_ID, 300, key="another-key-0123456789abcdef012345")}),
                        ("another first message", {"type": "hello"}),
                        ("a first message without a token", {"type": "auth"})]:
        c = await notifications()
        await c.send(json.dumps(first))
        got = await closed_with(c, 10)
        t.ok(got is not None and got[0] in AUTH_CODES, f"{what}: close 4401", f"got {got}")
    c = await notifications()
    await c.send("not json at all")
    got = await closed_with(c, 10)
    t.ok(got is not None and got[0] == 4401, "a first message that is not JSON: close 4401", f"got {got}")
    start = time.monotonic()
    c = await notifications()
    got = await closed_with(c, 20)
    took = time.monotonic() - start
    t.ok(got is not None and got[0] == 4401 and 4.0 <= took <= 15,
         f"no auth message within WS_AUTH_TIMEOUT (5 s): close 4401 after {took:.1f} s", f"got {got}")
    start = time.monotonic()
    c = await connect(NOTIFICATIONS, origin="http://localhost", unix=E["SHORT_AUTH_SOCK"])
    got = await closed_with(c, 10)
    took = time.monotonic() - start
    t.ok(got is not None and got[0] == 4401 and 0.5 <= took <= 4,
         f"a wsd with WS_AUTH_TIMEOUT=1 closes 4401 after {took:.1f} s", f"got {got}")
    t.ok(got is not None and got[1] in ("authentication required", "invalid or expired token"),
         "with the contract's reason", f"got {got}")




# --- task events -------------------------------------------------------------------------------------


async def task_events(c, task_id, timeout=60):
    """The events c gets for task_id until its SUCCESS or FAILURE (or the
    deadline), and every task id it saw on the way."""
    mine, seen, end = [], set(), time.monotonic() + timeout
    while True:
        m = await next_json(c, end - time.monotonic(), lambda m: m.get("type") == "task")
        if m is None:
            return mine, seen
        seen.add(m.get("id"))
        if m.get("id") == task_id:
            mine.append(m)
            if m.get("state") in ("SUCCESS", "FAILURE"):
                return mine, seen


def sleep_task(token, seconds):
    status, body = api("POST", "/api/celery/sleep-task/", {"seconds": seconds}, token=token)
    return body.get("task_id") if status == 200 and isinstance(body, dict) else None


async def two_users():
    a, ack_a = await token_client(E["A_TOKEN"])
    a2 = await notifications(extra_headers=[("Cookie", f"sessionid={E['A_SESSION']}")])
    ack_a2 = await auth_ack(a2)
    b, ack_b = await token_client(E["B_TOKEN"])
    t.ok(ack_a and ack_a2 and ack_b, "A (token and cookie sockets) and B are authenticated")
    ta, tb = sleep_task(E["A_TOKEN"], 1), sleep_task(E["B_TOKEN"], 1)
    t.ok(ta and tb, "a sleep task each through /api/celery/sleep-task/", f"got {ta} {tb}")
    (ev_a, seen_a), (ev_a2, _), (ev_b, seen_b) = await asyncio.gather(
        task_events(a, ta), task_events(a2, ta), task_events(b, tb))
    for who, ev, tid in [("A", ev_a, ta), ("B", ev_b, tb)]:
        states = [e.get("state") for e in ev]
        t.is_(states, ["STARTED", "SUCCESS"], f"{who} gets its task's STARTED then SUCCESS")
        t.ok(all(e.get("name") == "sleep_task" and e.get("id") == tid for e in ev),
             f"{who}'s events carry the task's id and name sleep_task", f"got {ev}")
        done = ev[-1] if ev else {}
        t.is_(sorted(done), ["id", "name", "result", "state", "type"], f"{who}'s SUCCESS has the result field")
        t.is_(done.get("result"), 1, f"{who}'s SUCCESS result is the task's (1)")
    t.is_([e.get("state") for e in ev_a2], ["STARTED", "SUCCESS"], "A's second socket (cookie) gets them too")
    status, state = api("GET", f"/api/tasks/{ta}/", token=E["A_TOKEN"])
    t.is_(isinstance(state, dict) and state.get("state"), "SUCCESS",
          "after the SUCCESS event, GET /api/tasks/<id>/ shows SUCCESS (published after the state is written)")
    # Ordering makes the check complete: a leaked event of B's would come
    # before the events of a task A starts after B's ended.
    marker = sleep_task(E["A_TOKEN"], 0)
    ev_m, seen_more = await task_events(a, marker, 30)
    t.ok(ev_m and ev_m[-1].get("state") == "SUCCESS", "a later task of A's reaches A too")
    t.ok(tb not in seen_a | seen_more, "A never gets B's task events", f"A saw {sorted(map(str, seen_a | seen_more))}")
    t.ok(ta not in seen_b, "B never gets A's task events", f"B saw {sorted(map(str, seen_b))}")
    for c in (a, a2, b):
        await c.close()




# --- statement import events -------------------------------------------------------------------------


async def statement_events(c, sid, timeout=60):
    got, end = [], time.monotonic() + timeout
    while True:
        m = await next_json(c, end - time.monotonic(), lambda m: m.get("type") == "statement" and m.get("id") == sid)
        if m is None:
            return got
        got.append(m)
        if m.get("status") in ("done", "failed"):
            return got


async def imports():
    a, _ = await token_client(E["A_TOKEN"])
    b, _ = await token_client(E["B_TOKEN"])
    with open(E["SAMPLE"], "rb") as f:
        csv = f.read()
    status, body = upload_statement(E["A_TOKEN"], csv, "2019-03-01")
    sid = body.get("id") if isinstance(body, dict) else None
    t.is_(status, 201, "A uploads a 12-row statement")
    ev = await statement_events(a, sid)
    t.ok(ev and all(sorted(e) == STATEMENT_KEYS for e in ev), "statement events have exactly the contract's fields",
         f"got {ev[:3]}")
    first, last = (ev[0], ev[-1]) if ev else ({}, {})
    t.is_([first.get("status"), first.get("rows"), first.get("progress")], ["processing", 0, 0],
          "the first is processing, 0 rows, progress 0")
    t.is_([last.get("status"), last.get("rows"), last.get("progress"), last.get("errors")], ["done", 12, 100, []],
          "the last is done, 12 rows, progress 100, no errors")
    progress = [e.get("progress") for e in ev]
    t.ok(progress == sorted(progress), "progress never goes back", f"got {progress}")
    bad = (b"Posted Date,Reference Number,Payee,Address,Amount\n"
           b"12/01/2019,1,Shop,Town,-1.00\n13/45/2019,2,Shop,Town,-2.00\n")
    status, body = upload_statement(E["A_TOKEN"], bad, "2019-04-01")
    bad_id = body.get("id") if isinstance(body, dict) else None
    ev_bad = await statement_events(a, bad_id)
    last = ev_bad[-1] if ev_bad else {}
    _, listing = api("GET", "/api/statements/", token=E["A_TOKEN"])
    shown = [s for s in (listing.get("results", []) if isinstance(listing, dict) else []) if s.get("id") == bad_id]
    t.is_(last.get("status"), "failed", "a bad file ends with a failed event")
    t.ok(last.get("errors") and shown and last.get("errors") == shown[0].get("errors"),
         "whose errors are the ones the statement API shows", f"event {last.get('errors')}",
         f"api {shown[0].get('errors') if shown else listing}")
    mine = [sid, bad_id]
    marker = sleep_task(E["B_TOKEN"], 0)
    seen_b = []
    end = time.monotonic() + 30
    while True:
        m = await next_json(b, end - time.monotonic())
        if m is None or (m.get("id") == marker and m.get("state") == "SUCCESS"):
            break
        seen_b.append(m)
    t.ok(m is not None and not [e for e in seen_b if e.get("type") == "statement" and e.get("id") in mine],
         "B gets none of A's statement events", f"B saw {seen_b[:5]}")
    await a.close()
    await b.close()


for section in [authentication, two_users, imports]:
    t.run(asyncio.run, section())
sys.exit(t.done())
