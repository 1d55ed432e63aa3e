#!/usr/bin/env python3
"""Thousands of malformed and adversarial requests to every route of every
program through nginx (the package t/hostile/hostile/ makes them): no 5xx, every error
in the documented shape, nothing shown to the wrong user, nothing changed by
a refused request, no program crashed and no sanitizer report. Prints the
requests per route and each failure with a command that repeats it.
HOSTILE_REQUESTS (default 1000), HOSTILE_SEED (default 11; "random" draws
one), HOSTILE_PICK=i,j (only those requests of the seed)."""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree (make dist takes t/hostile)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile as h  # noqa: E402

def main():
    tap = h.Tap()
    targets = {**h.route_targets(), **h.location_targets()}
    missing = h.uncovered(targets)
    tap.ok(not missing, "every route-table row and nginx location has a generator target",
           [f"no target for {m} (add one in t/hostile/hostile/routes.py)" for m in missing])
    seed = h.seed_from_env()
    count = int(os.environ.get("HOSTILE_REQUESTS", "1000"))
    try:
        ids = h.Identities("127.0.0.61")
    except Exception as e:  # the stack itself is broken: say so and stop
        tap.ok(False, "the campaign's users, tokens and session are set up", [str(e)])
        return tap.done()
    forged = h.forged_tokens(ids)
    before, sizes = h.processes(), h.log_sizes()
    camp = h.Campaign(tap, ids)
    camp.run(h.sweep(ids, targets) + h.plan(seed, count, targets, ids, forged))
    groups = h.report(camp, tap, seed, "campaign", "campaign.t")
    h.verdicts(tap, groups, h.CATEGORIES)
    sent = {t: sum(r.values()) for t, r in camp.counts.items()}
    idle = [t for t in targets if sent.get(t, 0) < min(10, int(count * targets[t].share) // (2 * len(targets)))]
    tap.ok(not idle, f"every target got its share of the {count} requests", [f"{t}: {sent.get(t, 0)}" for t in idle])
    tap.ok(not camp.changed, f"no data changed in {camp.compared} batches whose unsafe requests were all refused "
           f"({camp.skipped} batches had an accepted one)",
           [f"{'; '.join(diff)} after: " + ", ".join(f"#{q.index} {q.method} {q.target} as {q.who}" for q in reqs)[:600]
            for reqs, diff in camp.changed[:5]])
    check_privileges(tap, ids)
    h.check_processes(tap, before, sizes)
    return tap.done()


def check_privileges(tap, ids):
    rows = h.psql("SELECT email, is_staff, is_superuser FROM users WHERE id IN "
                  f"({ids.user_a['id']}, {ids.user_b['id']}) ORDER BY id").splitlines()
    want = [f"{ids.user_a['email']}|f|f", f"{ids.user_b['email']}|f|f"]
    tap.ok(rows == want, "A and B keep their emails and are still not staff", [f"got {rows}", f"want {want}"])


if __name__ == "__main__":
    sys.exit(main())
