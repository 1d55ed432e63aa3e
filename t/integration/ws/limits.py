"""wsd's limits and lifecycle, each on a wsd of the test's own (straight to
its unix socket): a client that stops reading while the group is flooded is
closed with 1013 and the others go on; idle clients are pinged and a silent
one is dropped; past WS_MAX_CONNECTIONS a handshake gets 503; under a
descriptor limit lower than it wsd caps itself and, out of descriptors,
neither spins nor stops serving; SIGTERM closes every client with 1001 and the processes
exit within DRAIN_TIMEOUT. Environment: FLOOD_SOCK, FLOOD_LOG (a wsd with a
high WS_MESSAGES_PER_SECOND), IDLE_SOCK (WS_PING_INTERVAL=1,
WS_IDLE_TIMEOUT=3), DRAIN_SOCK, DRAIN_PID (WS_WORKERS=2), TOKEN (an access
token), DRAIN_TIMEOUT; CAP_SOCK (WS_MAX_CONNECTIONS=3); FDLIM_SOCK, FDLIM_PID,
FDLIM_LOG (a wsd started under ulimit -n 64)."""
import asyncio
import json
import os
import signal
import socket
import sys
import time

from wslib import (CLOSE, NOTIFICATIONS, PING, PONG, Closed, Raw, Tap, auth_ack, children_of, closed_with, connect,
                   fd_count, gone, next_json, ping_text, pong_round, tag, wait_until)

t = Tap()
E = os.environ
LOCAL = "http://localhost"  # the Origin of a client of a wsd's own socket (Host: localhost)


# --- a slow client: 1013 ----------------------------------------------------------------------------


async def flood(sock, me, count, size, window=8):
    """A client that sends count pings of size bytes, never more than window
    ahead of its pongs (it reads: its own queue in wsd stays short)."""
    c = await connect(origin=LOCAL, unix=sock)
    got = 0
    for i in range(count):
        await c.send(ping_text("x" * size, me))
        while i + 1 - got >= window:
            if await next_json(c, 30, lambda m: m.get("sender") == me) is None:
                break
            got += 1
    while got < count and await next_json(c, 30, lambda m: m.get("sender") == me) is not None:
        got += 1
    p = None
    if c.open:
        await c.send(ping_text("after", me))
        p = await next_json(c, 10, lambda m: m.get("message") == "after")
    await c.close()
    return got, p is not None


def slow_client():
    sock = E["FLOOD_SOCK"]
    slow = Raw(unix=sock, origin=LOCAL, rcvbuf=4096)
    t.ok(slow.accepted(), "a client with a 4 KB receive buffer joins the group, then stops reading")
    me, count = tag(), 150
    got, alive = asyncio.run(flood(sock, me, count, 20000))
    t.is_(got, count, f"another client floods the group with {count} pings of 20 KB and gets all its pongs")
    t.ok(alive, "and stays connected")

    def closed_1013():
        with open(E["FLOOD_LOG"], errors="replace") as f:
            return [line for line in f if '"ws_close"' in line and "1013" in line]

    logged = wait_until(15, closed_1013)
    t.ok(logged, "wsd drops the slow client while it still does not read (ws_close with 1013 in its log)")
    end = slow.until_close(30)
    t.ok(end is not None, "the slow client, reading again, finds its connection closed", f"got {end}")
    t.ok(end == "eof" or (isinstance(end, tuple) and end[0] == 1013),
         "by close 1013 (\"client too slow\") when the close frame could be written", f"got {end}")
    slow.close()


# --- pings from the server, idle clients dropped ----------------------------------------------------------


def idle():
    sock = E["IDLE_SOCK"]
    good, silent = Raw(unix=sock, origin=LOCAL), Raw(unix=sock, origin=LOCAL)
    start = time.monotonic()
    first_ping, pings, dropped, end = None, 0, None, start + 20
    while time.monotonic() < end and dropped is None:
        for c in (good, silent):
            try:
                _, op, payload = c.frame(0.05)
            except TimeoutError:
                continue
            except Closed:
                if c is silent:
                    dropped = time.monotonic() - start
                continue
            if c is good and op == PING:
                first_ping = first_ping or time.monotonic() - start
                pings += 1
                good.send(PONG, payload)
            if c is silent and op == CLOSE:
                dropped = time.monotonic() - start
    t.ok(first_ping is not None and first_ping >= 0.5,
         f"an idle client gets a ping frame from wsd (WS_PING_INTERVAL=1: after {first_ping or 0:.1f} s)")
    t.ok(dropped is not None and dropped >= 2,
         f"a client that never answers is dropped after WS_IDLE_TIMEOUT=3 ({dropped or 0:.1f} s)")
    t.ok(pings >= 2, f"a client that answers is pinged again ({pings} pings)")
    t.ok(pong_round(good, tag()) is not None, "and is still connected past the idle timeout")
    good.close()
    silent.close()


# --- WS_MAX_CONNECTIONS: 503 ------------------------------------------------------------------------------


def served(sock):
    """A new client of sock if its handshake got 101, else None (closed)."""
    c = Raw(unix=sock, origin=LOCAL, timeout=3)
    if c.accepted():
        return c
    c.close()
    return None


def max_connections():
    sock = E["CAP_SOCK"]
    held = [Raw(unix=sock, origin=LOCAL) for _ in range(3)]
    t.ok(all(c.accepted() for c in held), "WS_MAX_CONNECTIONS=3: three clients are accepted",
         *[c.status for c in held])
    extra = Raw(unix=sock, origin=LOCAL)
    body = extra.json_body()
    t.ok(extra.status == 503 and isinstance(body, dict) and isinstance(body.get("detail"), str),
         "the fourth handshake gets 503 with a JSON body {\"detail\": ...}", f"{extra.status} {extra.body!r}")
    extra.close()
    held.pop().close()
    again = wait_until(10, lambda: served(sock), 0.2)
    t.ok(again is not None and pong_round(again, tag()) is not None,
         "after one closes, a new client is served (a ping gets its pong)")
    for c in held + ([again] if again else []):
        c.close()


# --- a descriptor limit lower than WS_MAX_CONNECTIONS -----------------------------------------------------


def cpu_ticks(pid):
    """utime + stime of pid, in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def log_lines(path, needle):
    with open(path, errors="replace") as f:
        return [line for line in f if needle in line]


def fd_limit():
    sock, log = E["FDLIM_SOCK"], E["FDLIM_LOG"]
    child = children_of(int(E["FDLIM_PID"]))[0]
    t.ok(log_lines(log, '"fd_limit"'), "wsd with 64 descriptors says at start that they cap its connections")
    clients = [Raw(unix=sock, origin=LOCAL, timeout=3) for _ in range(48)]
    statuses = [c.status for c in clients]
    t.ok(set(statuses) <= {101, 503} and 503 in statuses,
         "48 handshakes on it are all answered, 101 or 503, none left waiting",
         f"{statuses.count(101)} x 101, {statuses.count(503)} x 503, {statuses.count(0)} unanswered")
    for c in clients:
        c.close()
    silent = []
    for _ in range(80):  # connections that never send a handshake: each holds a descriptor in wsd
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(sock)
        silent.append(s)
    full = wait_until(10, lambda: log_lines(log, "Too many open files"))
    t.ok(full, "80 silent connections use up its descriptors (accept4: EMFILE in its log)")
    time.sleep(0.5)
    before, warned = cpu_ticks(child), len(log_lines(log, "Too many open files"))
    time.sleep(2)
    used = (cpu_ticks(child) - before) / os.sysconf("SC_CLK_TCK")
    t.ok(used < 0.4, f"while they are held wsd does not spin ({used:.2f} s of CPU in 2 s)")
    warned = len(log_lines(log, "Too many open files")) - warned
    t.ok(warned <= 2, f"nor logs once a turn ({warned} more lines in those 2 s)")
    for s in silent:
        s.close()
    late = wait_until(15, lambda: served(sock), 0.2)
    t.ok(late is not None and pong_round(late, tag()) is not None,
         "once they close, a new client is served (a ping gets its pong)")
    if late:
        late.close()


# --- SIGTERM: 1001 and exit within DRAIN_TIMEOUT ----------------------------------------------------------


async def drain():
    sock, master = E["DRAIN_SOCK"], int(E["DRAIN_PID"])
    kids = children_of(master)
    base = {k: fd_count(k) for k in kids}
    clients = [await connect(origin=LOCAL, unix=sock) for _ in range(12)]
    for _ in range(2):
        c = await connect(NOTIFICATIONS, origin=LOCAL, unix=sock)
        await c.send(json.dumps({"type": "auth", "token": E["TOKEN"]}))
        ack = await auth_ack(c)
        t.ok(ack and ack.get("ok"), "a notifications client is authenticated on the draining wsd")
        clients.append(c)
    me = tag()
    await clients[0].send(ping_text("before", me))
    got = await asyncio.gather(*[next_json(c, 10, lambda m: m.get("sender") == me) for c in clients[:12]])
    t.ok(all(got), "12 ping-pong clients get a pong before the SIGTERM")
    holders = [k for k in kids if fd_count(k) > base[k]]
    t.note(f"{len(holders)} of {len(kids)} wsd processes hold clients")
    start = time.monotonic()
    os.kill(master, signal.SIGTERM)
    ends = await asyncio.gather(*[closed_with(c, 30) for c in clients])
    bad = [f"client {i}: {e}" for i, e in enumerate(ends) if e is None or e[0] != 1001]
    t.ok(not bad, f"SIGTERM to the master: all {len(clients)} clients get close 1001", *bad[:5])
    reasons = sorted({e[1] for e in ends if e})
    t.is_(reasons, ["server shutting down"], "with the reason \"server shutting down\"")
    limit = float(E.get("DRAIN_TIMEOUT", "10"))
    exited = wait_until(limit + 5, lambda: all(gone(p) for p in [master] + kids))
    took = time.monotonic() - start
    t.ok(exited and took <= limit, f"the master and its {len(kids)} processes exit within DRAIN_TIMEOUT "
         f"({took:.1f} s of {limit:.0f})")
    try:
        await connect(origin=LOCAL, unix=sock, open_timeout=5)
        refused = False
    except Exception:  # noqa: BLE001 (any failure to connect is the point)
        refused = True
    t.ok(refused, "and no new client is accepted")


def sigterm():
    asyncio.run(drain())


for section in [slow_client, idle, max_connections, fd_limit, sigterm]:
    t.run(section)
sys.exit(t.done())
