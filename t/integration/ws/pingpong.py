"""/ws/ping-pong/ through nginx: the pong's fields, cached_value shared with
/api/debug/redis/, who the caller is (anonymous, session cookie, bearer
token), the group across wsd's processes, and a fan-out to many clients.
Environment: WS_EMAIL, WS_TOKEN (its access token), WS_SESSION (its
sessionid), WS_ODD_EMAIL and WS_ODD_TOKEN (a user whose email has ' % &),
WS_LONG_EMAIL and WS_LONG_TOKEN (a 252-byte one, mostly such bytes),
FANOUT (clients for the fan-out, default 1000)."""
import asyncio
import json
import os
import sys
import time

from wslib import (PONG_KEYS, Raw, Tap, api, children_of, connect, fd_count, next_json, pid_of, ping_text, tag)

t = Tap()
EMAIL, TOKEN, SESSION = os.environ["WS_EMAIL"], os.environ["WS_TOKEN"], os.environ["WS_SESSION"]
FANOUT = int(os.environ.get("FANOUT", "1000"))


def counter():
    status, body = api("GET", "/api/debug/redis/", token=TOKEN)
    return body.get("count") if status == 200 and isinstance(body, dict) else f"{status} {body}"


# --- the pong ------------------------------------------------------------------------------------

def pong_fields():
    ws = Raw()
    me = tag()
    before = counter()
    before = 0 if before is None else before  # no ping yet: INCRBY starts from 0
    sent_at = time.time() * 1000
    ws.text(json.dumps({"message": {"nested": [1, "two", None]}, "ts": 1234.5, "sender": {"id": me}}))
    pong = ws.next_json(10, lambda m: m.get("sender") == {"id": me})
    received_at = time.time() * 1000
    t.ok(pong is not None, "a ping gets a pong on the same connection")
    pong = pong or {}
    t.is_(sorted(pong), PONG_KEYS, "the pong has exactly the contract's fields")
    t.is_(pong.get("message"), {"nested": [1, "two", None]}, "message is echoed, any JSON value")
    t.is_(pong.get("vue_ping"), 1234.5, "vue_ping echoes ts")
    t.is_(pong.get("user", "missing"), None, "an anonymous caller's user is null")
    recv, send = pong.get("server_recv_ping"), pong.get("server_send_pong")
    t.ok(all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (recv, send)),
         "server_recv_ping and server_send_pong are numbers", f"got {recv!r} {send!r}")
    if isinstance(recv, (int, float)) and isinstance(send, (int, float)):
        t.ok(sent_at - 1000 <= recv <= send <= received_at + 1000,
             "they are epoch milliseconds, between the send and the receipt, receive before send",
             f"sent {sent_at:.1f} recv {recv} send {send} received {received_at:.1f}")
    t.ok(isinstance(before, int) and pong.get("cached_value") == before + 3,
         "cached_value is /api/debug/redis/'s count plus 3", f"before {before} pong {pong.get('cached_value')}")
    values = [pong.get("cached_value")]
    for i in range(3):
        ws.text(ping_text(f"{me}-{i}", me))
        p = ws.next_json(10, lambda m, i=i: m.get("message") == f"{me}-{i}")
        values.append(p and p.get("cached_value"))
    t.ok(all(isinstance(v, int) for v in values) and [b - a for a, b in zip(values, values[1:])] == [3, 3, 3],
         "it grows by 3 with every ping", f"got {values}")
    t.is_(counter(), values[-1], "and GET /api/debug/redis/ reads the same value afterwards")
    ws.close()


# --- who is calling --------------------------------------------------------------------------------


def user_with(headers):
    c = Raw(headers=headers)
    p = None
    if c.accepted():
        me = tag()
        c.text(ping_text("who", me))
        p = c.next_json(10, lambda m: m.get("sender") == me)
    c.close()
    return p.get("user", "missing") if p else f"no pong (handshake {c.status} {c.body[:100]!r})"


def callers():
    t.is_(user_with([("Cookie", f"sessionid={SESSION}")]), EMAIL, "with a sessionid cookie, user is the caller's email")
    t.is_(user_with([("Authorization", f"Bearer {TOKEN}")]), EMAIL, "with Authorization: Bearer <access>, too")
    t.is_(user_with([("Authorization", f"JWT {TOKEN}")]), EMAIL, "with Authorization: JWT <access>, too")
    odd_email, odd_token = os.environ.get("WS_ODD_EMAIL"), os.environ.get("WS_ODD_TOKEN")
    t.is_(user_with([("Authorization", f"Bearer {odd_token}")]), odd_email,
          f"an email with bytes nginx percent-encodes ({odd_email}) arrives whole")
    long_email, long_token = os.environ.get("WS_LONG_EMAIL"), os.environ.get("WS_LONG_TOKEN")
    t.is_(user_with([("Authorization", f"Bearer {long_token}")]), long_email,
          f"a {len(long_email or '')}-byte email, mostly bytes nginx percent-encodes, arrives whole")
    t.is_(user_with([("Authorization", f"Bearer {TOKEN}x")]), None, "a bad token is anonymous: user null")
    t.is_(user_with([("Cookie", "sessionid=" + "z" * 40)]), None, "an unknown session is anonymous: user null")


# --- the group across processes ----------------------------------------------------------------------


async def group_across_processes():
    """Clients until wsd's processes each hold some; one ping from each
    client reaches every client exactly once, whatever process it is in."""
    master = pid_of("wsd")
    kids = children_of(master) if master else []
    base = {k: fd_count(k) for k in kids}
    clients, holders = [], []
    for _ in range(40):
        clients.append(await connect())
        holders = [k for k in kids if fd_count(k) > base[k]]
        if len(clients) >= 4 and len(holders) >= 2:
            break
    t.ok(len(kids) >= 2, f"wsd runs {len(kids)} processes (WS_WORKERS >= 2)")
    t.ok(len(holders) >= 2, f"{len(clients)} clients landed in {len(holders)} different wsd processes")
    me = tag()
    for i, c in enumerate(clients):
        await c.send(ping_text(i, me))
    got = await asyncio.gather(*[collect(c, me, len(clients), 20) for c in clients])
    want = list(range(len(clients)))
    bad = [f"client {i}: {sorted(g)}" for i, g in enumerate(got) if sorted(g) != want]
    t.ok(not bad, f"each of the {len(clients)} clients gets every client's pong exactly once", *bad[:5])
    for c in clients:
        await c.close()


async def collect(c, me, n, timeout):
    """The messages of the pongs tagged me that c gets until it has n (or the deadline)."""
    got, end = [], time.monotonic() + timeout
    while len(got) < n:
        m = await next_json(c, end - time.monotonic(), lambda m: m.get("sender") == me)
        if m is None:
            break
        got.append(m.get("message"))
    return got


def group():
    asyncio.run(group_across_processes())


# --- fan-out --------------------------------------------------------------------------------------


async def fan_out(n):
    clients, started = [], time.monotonic()
    for i in range(0, n, 100):
        batch = await asyncio.gather(*[connect() for _ in range(min(100, n - i))], return_exceptions=True)
        clients += [c for c in batch if not isinstance(c, Exception)]
        errors = [repr(c) for c in batch if isinstance(c, Exception)]
        if errors:
            t.note(f"connect failed: {errors[0]}")
    t.is_(len(clients), n, f"{n} clients are connected to /ws/ping-pong/ "
          f"({time.monotonic() - started:.1f} s)")
    me = tag()
    await clients[0].send(ping_text("one", me))
    got = await asyncio.gather(*[collect(c, me, 1, 60) for c in clients])
    missing = sum(1 for g in got if g != ["one"])
    t.ok(missing == 0, f"one ping: every one of the {len(clients)} clients gets its pong", f"{missing} did not")
    # Exactly one: the next pong each client gets is the second ping's, not the first's again.
    await clients[-1].send(ping_text("two", me))
    got = await asyncio.gather(*[collect(c, me, 1, 60) for c in clients])
    dup = [g for g in got if g != ["two"]]
    t.ok(not dup, "exactly one: the next pong of every client is the next ping's", f"{len(dup)} got {dup[:3]}")
    await asyncio.gather(*[c.close() for c in clients], return_exceptions=True)


def fanout():
    asyncio.run(fan_out(FANOUT))


for section in [pong_fields, callers, group, fanout]:
    t.run(section)
sys.exit(t.done())
