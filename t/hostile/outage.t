#!/usr/bin/env python3
"""The hostile requests of t/hostile/campaign.t during a planned outage:
Redis stopped, then PostgreSQL, then both (with ops/lib/stack.sh's own
functions, as t/integration/deps.t does). A 503 is allowed then, and only a
503: never a 500, 502 or 504, an error body out of shape or a crash. Each
dependency is started again and everything must recover without a program
restart. HOSTILE_OUTAGE_REQUESTS per phase (default 100), HOSTILE_SEED."""
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree (make dist takes t/hostile)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile as h  # noqa: E402


def stack(call):
    """Runs one ops/lib/stack.sh function (pg_stop, pg_start, redis_start)."""
    return subprocess.run(["bash", "-c", f'. "$ROOT/ops/lib/stack.sh" && {call}'], stdout=subprocess.DEVNULL,
                          timeout=120).returncode


def gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1].startswith("Z")
    except OSError:
        return True


def redis_stop():
    with open(os.path.join(h.VAR_DIR, "run", "redis.pid")) as f:
        pid = int(f.read())
    os.kill(pid, 15)
    return until(30, lambda: gone(pid))


def until(seconds, cond):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.1)
    return False


def readiness():
    status, body, _ = h.call("GET", "/readiness")
    return status, body.get("detail") if isinstance(body, dict) else None


def ready_everywhere():  # each of the api's workers answers 200 (deps.t's way)
    return all(readiness()[0] == 200 for _ in range(6))


PHASES = [
    ("Redis down", "Redis is down.", [redis_stop], ["redis_start"]),
    ("PostgreSQL down", "PostgreSQL is down.", ["pg_stop"], ["pg_start"]),
    ("both down", "PostgreSQL and Redis are down.", ["pg_stop", redis_stop], ["pg_start", "redis_start"]),
]
OUTAGE_CATEGORIES = [(c, "a 503 and no other 5xx" if c == "5xx" else d) for c, d in h.CATEGORIES]


def main():
    tap = h.Tap()
    targets = {**h.route_targets(), **h.location_targets()}
    seed = h.seed_from_env()
    count = int(os.environ.get("HOSTILE_OUTAGE_REQUESTS", "100"))
    try:
        ids = h.Identities("127.0.0.62")
    except Exception as e:
        tap.ok(False, "the users, tokens and session are set up", [str(e)])
        return tap.done()
    forged = h.forged_tokens(ids)
    before, sizes = h.processes(), h.log_sizes()
    for k, (name, detail, stops, starts) in enumerate(PHASES):
        for stop in stops:
            stop() if callable(stop) else stack(stop)
        status, said = readiness()
        tap.ok((status, said) == (503, detail), f"{name}: readiness is 503 and says {detail!r}", [f"{status} {said}"])
        camp = h.Campaign(tap, ids, outage=True, digests=False)
        camp.run(h.plan(seed, count, targets, ids, forged, first=100000 * (k + 1)))
        h.verdicts(tap, h.report(camp, tap, seed, name, "outage.t"), OUTAGE_CATEGORIES, f"{name}: ")
        for start in starts:
            stack(start)
        tap.ok(until(60, ready_everywhere), f"{name}, then started again: readiness is 200 on every worker")
    ids.refresh_if_old()
    if not ids.session_alive():
        ids.login_session()
    camp = h.Campaign(tap, ids)
    camp.run(h.plan(seed, count, targets, ids, forged, first=900000))
    h.verdicts(tap, h.report(camp, tap, seed, "after the outage", "outage.t"), h.CATEGORIES, "after the outage: ")
    tap.ok(not camp.changed, f"after the outage: no data changed in {camp.compared} batches of refused requests",
           [", ".join(diff) for _, diff in camp.changed[:5]])
    h.check_processes(tap, before, sizes, notes=False)  # the outage's own errors are expected
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
