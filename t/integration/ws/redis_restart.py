"""Redis stopped and started again on the same port under connected
clients (through nginx, the stack's wsd): the clients stay connected, a ping
meanwhile gets the contract's error frame, and once Redis is back ping-pong
and notifications work again on the same connections. Environment: A_TOKEN,
A_ID."""
import asyncio
import json
import os
import signal
import subprocess
import sys
import time

from wslib import (NOTIFICATIONS, VAR_DIR, Tap, api, auth_ack, connect, gone, next_json, pid_of, ping_text, tag,
                   wait_until)

t = Tap()
E = os.environ
LOG = os.path.join(VAR_DIR, "log", "wsd.log")


def redis_cli(*args):
    out = subprocess.run(["redis-cli", "-p", E["REDIS_SERVICE_PORT"], *args], capture_output=True, text=True)
    return out.stdout.strip()


def logged(event):
    with open(LOG, errors="replace") as f:
        return [line for line in f if f'"{event}"' in line]


async def pong_after(c, me, timeout):
    """Pings every 0.2 s until one of them gets its pong: the pong, or None."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        await c.send(ping_text("again", me))
        m = await next_json(c, 0.2, lambda m: m.get("sender") == me)
        if m is not None:
            return m
    return None


async def main():
    pp = await connect()
    n = await connect(NOTIFICATIONS)
    await n.send(json.dumps({"type": "auth", "token": E["A_TOKEN"]}))
    t.ok(await auth_ack(n), "a ping-pong client and an authenticated notifications client are connected")
    me = tag()
    await pp.send(ping_text("before", me))
    t.ok(await next_json(pp, 10, lambda m: m.get("sender") == me), "ping-pong works before the restart")
    down_before = len(logged("redis_down"))

    pid = pid_of("redis")
    os.kill(pid, signal.SIGTERM)
    t.ok(wait_until(30, lambda: gone(pid)), "Redis is stopped")
    await pp.send(ping_text("during", me))
    m = await next_json(pp, 10, lambda m: m.get("type") == "error" or m.get("sender") == me)
    t.is_(m, {"type": "error", "detail": "the channel layer is unavailable"},
          "a ping while Redis is away gets the error frame")
    t.ok(wait_until(30, lambda: len(logged("redis_down")) > down_before), "wsd logs redis_down")
    t.ok(pp.open and n.open, "both clients are still connected while Redis is away")

    up_before = len(logged("redis_up"))
    started = subprocess.run(["bash", "-c", '. "$ROOT/ops/lib/stack.sh" && redis_start'], capture_output=True,
                             text=True)
    t.ok(started.returncode == 0, "Redis is started again on the same port", started.stderr)
    pong = await pong_after(pp, me, 30)
    t.ok(pong is not None, "ping-pong works again on the same connection (a ping every 0.2 s until a pong)")
    t.ok(pong and isinstance(pong.get("cached_value"), int), "with a cached_value", f"got {pong}")
    again = await auth_ack(n, 30)
    t.is_(again, {"type": "auth", "ok": True, "user_id": int(E["A_ID"])},
          "once subscribed again, wsd acknowledges the notifications client again (its cue to catch up)")
    channel = f"ws:user:{E['A_ID']}"
    probe = json.dumps({"type": "probe", "n": 1})
    subscribed = wait_until(30, lambda: redis_cli("PUBLISH", channel, probe) not in ("", "0"), every=0.2)
    t.ok(subscribed, f"wsd subscribes {channel} again (a PUBLISH reaches a subscriber)")
    t.ok(await next_json(n, 10, lambda m: m.get("type") == "probe"), "and the notifications client gets it")
    status, body = api("POST", "/api/celery/sleep-task/", {"seconds": 0}, token=E["A_TOKEN"])
    tid = body.get("task_id") if isinstance(body, dict) else None
    m = await next_json(n, 60, lambda m: m.get("id") == tid and m.get("state") == "SUCCESS")
    t.ok(tid and m, "a task's SUCCESS event reaches the same notifications client", f"task {status} {body}")
    t.ok(wait_until(30, lambda: len(logged("redis_up")) > up_before), "wsd logs redis_up")
    t.ok(pp.open and n.open, "neither client was closed")
    await pp.close()
    await n.close()


t.run(asyncio.run, main())
sys.exit(t.done())
