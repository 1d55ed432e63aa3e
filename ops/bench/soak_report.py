#!/usr/bin/env python3
"""The report of ops/bench/soak: soak_report.py DIR URL (standard library only).

Reads what soak_load.py and ops/bench/soak left in DIR (see soak_load.py),
waits up to SOAK_DRAIN_SECONDS (default 120) for every enqueued task and
every accepted statement to end, checks them, and prints the timeline, the
error rate of each phase, the recovery after each fault, what was lost or
duplicated and each program's RSS at the start and the end. Exits 1 when
anything was lost or duplicated, on any 500, or when the service did not
recover from a fault. Needs POSTGRES_SERVICE_PORT and REDIS_SERVICE_PORT.
"""
import collections
import math
import os
import subprocess
import sys
import time

import soak_load as sl

DRAIN = float(os.environ.get("SOAK_DRAIN_SECONDS", "120"))
SLICE = 1.0  # seconds of one slice when judging whether errors are back to baseline
TOLERANCE = 0.02  # an error rate this far above the baseline's is still normal

Req = collections.namedtuple("Req", "start secs end thread kind status detail")


def outcome(status):
    """ok, refused (429: a policy said no, as it should), or error (503 in
    an outage too: expected, but the user did not get an answer)."""
    if 200 <= status < 300:
        return "ok"
    return "refused" if status == 429 else "error"


def read_requests(d):
    reqs = []
    for row in sl.tsv_read(os.path.join(d, "requests.tsv")):
        start, secs = float(row[0]), float(row[1])
        detail = row[5] if len(row) > 5 else ""
        reqs.append(Req(start, secs, start + secs, int(row[2]), row[3], int(row[4]), detail))
    reqs.sort(key=lambda r: r.end)
    return reqs


def read_timeline(d):
    """(load start, load end, faults): each fault a dict name, start, end, detail."""
    load, faults = {}, []
    for t, what, name, detail in sl.tsv_read(os.path.join(d, "timeline.tsv")):
        if name == "load":
            load[what] = float(t)
        elif what == "start":
            faults.append({"name": name, "start": float(t), "end": None, "detail": detail})
        else:
            fault = [f for f in faults if f["name"] == name and f["end"] is None][-1]
            fault["end"] = float(t)
            fault["detail"] = (fault["detail"] + "; " + detail).strip("; ")
    return load["start"], load["end"], faults


def phases(t0, faults):
    """[(label, from, to, fault)]: a request belongs to the phase in which it
    ended, when its outcome was seen."""
    out = [("baseline", t0, faults[0]["start"] if faults else math.inf, None)]
    for i, f in enumerate(faults):
        nxt = faults[i + 1]["start"] if i + 1 < len(faults) else math.inf
        out.append((f["name"] + " during", f["start"], f["end"], f))
        out.append((f["name"] + " after", f["end"], nxt, f))
    return out


def within(reqs, lo, hi):
    return [r for r in reqs if lo <= r.end < hi]


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))]


def stats(reqs):
    counts = collections.Counter(outcome(r.status) for r in reqs)
    errors = collections.Counter(r.status for r in reqs if outcome(r.status) == "error")
    lat = sorted(r.secs for r in reqs)
    return {"n": len(reqs), "ok": counts["ok"], "refused": counts["refused"],
            "errors": counts["error"], "rate": counts["error"] / len(reqs) if reqs else 0.0,
            "by_status": errors, "p50": percentile(lat, 0.5), "p99": percentile(lat, 0.99)}


def statuses(by_status):
    return ", ".join("%s x%d" % ("network" if s == 0 else s, n)
                     for s, n in sorted(by_status.items())) or "-"


def first_success(reqs, fault, hi):
    """(seconds, {kind: seconds}): the kinds of request that failed in the
    fault or after it, each with the seconds from the restore until one
    succeeded (None: never), and the longest."""
    end = fault["end"]
    failed = {r.kind for r in within(reqs, fault["start"], hi) if outcome(r.status) == "error"}
    kinds = {}
    for kind in failed:
        ok = [r.end for r in within(reqs, end, hi) if r.kind == kind and outcome(r.status) == "ok"]
        kinds[kind] = min(ok) - end if ok else None
    if any(v is None for v in kinds.values()):
        return None, kinds
    return max(kinds.values(), default=0.0), kinds


def back_to_baseline(reqs, fault, hi, baseline_rate):
    """Seconds from the restore until every later slice of the quiet period
    has an error rate within TOLERANCE of the baseline; None when its last
    slice does not."""
    end = fault["end"]
    last = min(hi, max(r.end for r in reqs) if reqs else end)
    good, lo = [], end
    while lo < last or not good:
        part = within(reqs, lo, min(lo + SLICE, hi))
        good.append(not part or stats(part)["rate"] <= baseline_rate + TOLERANCE)
        lo += SLICE
    if not good[-1]:
        return None
    i = len(good)
    while i > 0 and good[i - 1]:
        i -= 1
    return i * SLICE


def recovery_text(f):
    seconds, failed = f["first_ok"]
    if not failed:
        first = "no request failed"
    elif seconds is None:
        first = "NEVER a success again of " + ", ".join(k for k, v in sorted(failed.items())
                                                         if v is None)
    else:
        first = "first success of each failed kind after %.2f s (%s)" % (seconds, ", ".join(
            "%s %.2f" % kv for kv in sorted(failed.items(), key=lambda kv: -kv[1])))
    base = "NOT back to baseline" if f["baseline"] is None else \
        "errors back to baseline after %.1f s" % f["baseline"]
    return first + "; " + base


def analyse_faults(reqs, t0, faults):
    rows, baseline = [], stats(within(reqs, t0, faults[0]["start"] if faults else math.inf))
    for label, lo, hi, f in phases(t0, faults):
        rows.append((label, stats(within(reqs, lo, hi))))
        if f is not None and label.endswith("after"):
            f["first_ok"] = first_success(reqs, f, hi)
            f["baseline"] = back_to_baseline(reqs, f, hi, baseline["rate"])
    return rows, baseline


def print_timeline(reqs, t0, t1, faults):
    print("\n== timeline (seconds from the load's start; requests by the time they ended)")
    events = [(t0, "load starts"), (t1, "load ends")]
    for f in faults:
        if f["end"] - f["start"] < 0.05:
            events.append((f["start"], "%s (%s)" % (f["name"], f["detail"])))
        else:
            events.append((f["start"], f["name"] + " begins"))
            events.append((f["end"], "%s ends (%s)" % (f["name"], f["detail"])))
    width = max(5.0, round((t1 - t0) / 30))
    for i in range(int(math.ceil((t1 - t0) / width))):
        lo, hi = t0 + i * width, t0 + (i + 1) * width
        s = stats(within(reqs, lo, hi))
        marks = "; ".join("%.1f %s" % (t - t0, e) for t, e in sorted(events) if lo <= t < hi)
        print("  %5.0f-%-5.0f %6d req %5d 429 %5d err  %-22s %s"
              % (lo - t0, hi - t0, s["n"], s["refused"], s["errors"], statuses(s["by_status"]),
                 marks))


def print_phases(rows):
    print("\n== error rate by phase (503 in an outage counts as an error; 429 is refused by policy)")
    print("  %-26s %7s %7s %6s %6s %8s %8s %8s  %s"
          % ("phase", "req", "ok", "429", "err", "err %", "p50 ms", "p99 ms", "errors by status"))
    for label, s in rows:
        print("  %-26s %7d %7d %6d %6d %7.2f%% %8.1f %8.1f  %s"
              % (label, s["n"], s["ok"], s["refused"], s["errors"], 100 * s["rate"],
                 1000 * s["p50"], 1000 * s["p99"], statuses(s["by_status"])))


def print_recovery(faults):
    print("\n== recovery (from the restore, or the kill)")
    for f in faults:
        print("  %-15s down %.1f s; %s" % (f["name"], f["end"] - f["start"], recovery_text(f)))


def print_unexpected(reqs, t0, faults):
    """Errors outside any fault and more than a few seconds after one: the
    service had no excuse for them."""
    excused = [(f["start"], f["end"] + 5) for f in faults]
    bad = [r for r in reqs if outcome(r.status) == "error" and r.status != 500
           and not any(lo <= r.end <= hi for lo, hi in excused)]
    if bad:
        print("\n== %d errors outside the faults (and the 5 s after each)" % len(bad))
    for r in bad[:20]:
        print("  %.2f s  %s  thread %d  %s %s" % (r.end - t0, r.kind, r.thread, r.status, r.detail))


def print_500s(reqs, t0):
    bad = [r for r in reqs if r.status == 500]
    if not bad:
        return
    print("\n!!!! %d RESPONSES WITH STATUS 500 (a bug: see the programs' logs) !!!!" % len(bad))
    for r in bad[:50]:
        print("  !!!! %.2f s  %s  thread %d  %s" % (r.start - t0, r.kind, r.thread, r.detail))


# --- the work: tasks and statements ----------------------------------------------------

def clients(d, url):
    """A logged-in client per user (tasks are shown to their owner only)."""
    out = {}
    for email, password in sl.tsv_read(os.path.join(d, "users.tsv")):
        c = sl.Client(url)
        status, body, _ = c.post_json("/api/auth/obtain_token/",
                                      {"email": email, "password": password})
        if status != 200:
            sys.exit("soak: cannot log %s in after the load: %s %s" % (email, status, body))
        c.token = body["access"]
        out[email] = c
    return out


def drain_tasks(d, url, deadline):
    """{task id: final state}: SUCCESS or FAILURE, the state it was stuck in
    at the deadline, or 'unknown (404)' when the task's record is gone."""
    users = clients(d, url)
    tasks = {tid: email for _, email, tid in sl.tsv_read(os.path.join(d, "tasks.tsv"))}
    state, pending = {}, set(tasks)
    while pending:
        for tid in sorted(pending):
            status, body, _ = users[tasks[tid]].request("GET", "/api/tasks/%s/" % tid)
            if status == 200 and isinstance(body, dict):
                state[tid] = body.get("state", "?")
            else:
                state[tid] = "unknown (404)" if status == 404 else "HTTP %d" % status
            if state[tid] in ("SUCCESS", "FAILURE", "unknown (404)"):
                pending.discard(tid)
        if not pending or time.time() > deadline:
            break
        time.sleep(0.5)
    return state


def psql(sql):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", os.environ["POSTGRES_SERVICE_PORT"],
                          "-U", "postgres", "-AtqF", "\t", "-c", sql],
                         capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


STATEMENTS_SQL = """SELECT s.id, s.status, s.rows,
    (SELECT count(*) FROM transactions t WHERE t.source_file_id = s.id)
    FROM statement_files s JOIN users u ON u.id = s.owner_id
    WHERE u.email LIKE 'soak%@example.com' ORDER BY s.id"""


def drain_statements(d, deadline):
    """{id: (status, rows, transactions)} of the soak users' statements, once
    no accepted one is pending or processing, or at the deadline."""
    accepted = {int(u[3]) for u in sl.tsv_read(os.path.join(d, "uploads.tsv")) if u[3]}
    while True:
        rows = {int(i): (st, int(n), int(c)) for i, st, n, c in psql(STATEMENTS_SQL)}
        busy = [i for i in accepted if rows.get(i, ("?",))[0] in ("pending", "processing")]
        if not busy or time.time() > deadline:
            return rows
        time.sleep(0.5)


def check_statements(d, db):
    """Each accepted upload (201) must be done with exactly its rows; an
    upload refused must leave nothing behind that will never be imported."""
    uploads = sl.tsv_read(os.path.join(d, "uploads.tsv"))
    accepted = {int(sid): int(rows) for _, _, status, sid, rows in uploads if status == "201" and sid}
    r = {"uploaded": len(uploads), "accepted": len(accepted),
         "refused": sum(1 for u in uploads if u[2] in ("503", "429")),
         "failed": sum(1 for u in uploads if u[2] not in ("201", "503", "429")),
         "done": 0, "lost": [], "duplicated": [], "rows_expected": sum(accepted.values()),
         "rows_found": 0, "orphaned": [],
         "unacknowledged": collections.Counter(v[0] for i, v in db.items() if i not in accepted)}
    for sid, rows in sorted(accepted.items()):
        status, counted, found = db.get(sid, ("missing", 0, 0))
        r["rows_found"] += found
        if status == "done" and counted == rows == found:
            r["done"] += 1
        elif found > rows:
            r["duplicated"].append((sid, status, rows, found))
        else:
            r["lost"].append((sid, status, rows, found))
    for sid, (status, counted, found) in sorted(db.items()):
        if sid in accepted:
            continue
        if found > counted:
            r["duplicated"].append((sid, status, counted, found))
        elif status in ("pending", "processing"):
            r["orphaned"].append((sid, status, counted, found))
    return r


def dead_letters():
    out = subprocess.run(["redis-cli", "-p", os.environ["REDIS_SERVICE_PORT"], "LLEN", "dead"],
                         capture_output=True, text=True)
    return out.stdout.strip() or "?"


# --- memory ---------------------------------------------------------------------------------

def print_rss(d):
    """Each program's VmRSS summed over its processes; processes killed or
    restarted in the soak are new pids, so the same-pid figures are the
    ones that show growth."""
    rows = sl.tsv_read(os.path.join(d, "rss.tsv"))
    snap = {"start": collections.defaultdict(dict), "end": collections.defaultdict(dict)}
    order = []
    for label, program, role, pid, kb in rows:
        snap[label][program][pid] = (role, int(kb or 0))
        if program not in order:
            order.append(program)
    print("\n== RSS (VmRSS, MB; after the warm-up and after the load; PostgreSQL's sum counts"
          " the shared buffers once per process that touched them)")
    print("  %-9s %9s %9s %8s   %-34s %s" % ("program", "start", "end", "diff",
                                              "same pids: start -> end (diff)", "pids"))
    grew = []
    for program in order:
        a, b = snap["start"][program], snap["end"][program]
        same = sorted(set(a) & set(b))
        sa, sb = sum(a[p][1] for p in same), sum(b[p][1] for p in same)
        ta, tb = sum(v[1] for v in a.values()), sum(v[1] for v in b.values())
        note = "%d -> %d" % (len(a), len(b))
        new = sorted(set(b) - set(a))
        if new:
            note += "; new pids (killed or restarted): %s" % (
                " ".join(new) if len(new) <= 4 else "all %d" % len(new) if len(new) == len(b)
                else "%d" % len(new))
        kept = "%9.1f -> %9.1f (%+6.1f)" % (sa / 1024, sb / 1024, (sb - sa) / 1024) if same \
            else "%-30s" % "- (all restarted)"
        print("  %-9s %9.1f %9.1f %+8.1f   %s   %s"
              % (program, ta / 1024, tb / 1024, (tb - ta) / 1024, kept, note))
        if same and sb - sa > max(2048, sa * 0.10):
            grew.append(program)
    return grew


# --- the summary ----------------------------------------------------------------------------

def print_work(tasks, st, waited):
    states = collections.Counter(tasks.values())
    print("\n== work after the load (waited %.0f s of at most %.0f)" % (waited, DRAIN))
    print("  tasks: %d enqueued (2xx): %s" % (len(tasks), ", ".join(
        "%s %d" % kv for kv in sorted(states.items())) or "-"))
    for tid, s in sorted((t, s) for t, s in tasks.items() if s != "SUCCESS")[:20]:
        print("    task %s ended %s" % (tid, s))
    for what in ("lost", "duplicated"):
        for sid, status, rows, found in st[what][:20]:
            print("    statement %d %s: status %s, %d rows uploaded, %d transactions"
                  % (sid, what.upper(), status, rows, found))
    if st["orphaned"]:
        print("    statements %s: ORPHANED, created for an upload that was answered with an "
              "error, and left %s for ever" % (" ".join(str(o[0]) for o in st["orphaned"][:20])
                                               + (" ..." if len(st["orphaned"]) > 20 else ""),
                                               st["orphaned"][0][1]))


def summary(t0, t1, reqs, faults, tasks, st, grew):
    s = stats(reqs)
    lost_tasks = sum(1 for v in tasks.values() if v != "SUCCESS")
    fails = []
    if any(r.status == 500 for r in reqs):
        fails.append("HTTP 500")
    if lost_tasks:
        fails.append("tasks lost")
    if st["lost"] or st["duplicated"]:
        fails.append("statements lost or duplicated")
    if st["orphaned"]:
        fails.append("statements of refused uploads left pending")
    if any(f["baseline"] is None or f["first_ok"][0] is None for f in faults):
        fails.append("no recovery")
    print("\n==== soak summary " + "=" * 60)
    print("  load                %.0f s, %d threads, %d users" % (t1 - t0, sl.THREADS, sl.USERS))
    print("  requests served     %d (%.1f/s): ok %d, refused by policy (429) %d, errors %d = %.2f%%"
          % (s["n"], s["n"] / (t1 - t0), s["ok"], s["refused"], s["errors"], 100 * s["rate"]))
    print("  errors by status    %s" % statuses(s["by_status"]))
    print("  HTTP 500            %d" % s["by_status"].get(500, 0))
    for f in faults:
        print("  %-19s %s" % (f["name"], recovery_text(f)))
    print("  tasks               enqueued %d, completed (SUCCESS) %d, lost or unfinished %d"
          % (len(tasks), len(tasks) - lost_tasks, lost_tasks))
    print("  statements          uploaded %d: accepted (201) %d, refused (503/429) %d, "
          "failed to upload %d" % (st["uploaded"], st["accepted"], st["refused"], st["failed"]))
    print("                      imported done %d, lost %d, duplicated %d; rows %d expected, %d found"
          % (st["done"], len(st["lost"]), len(st["duplicated"]), st["rows_expected"],
             st["rows_found"]))
    if st["unacknowledged"]:
        print("                      created although the client saw an error: %d (%s); "
              "left pending for ever: %d" % (sum(st["unacknowledged"].values()), ", ".join(
                  "%s %d" % kv for kv in sorted(st["unacknowledged"].items())),
                  len(st["orphaned"])))
    print("  dead-letter list    %s" % dead_letters())
    print("  RSS growth          %s" % (", ".join(grew) + " grew beyond noise" if grew else
                                        "none beyond noise (same pids, > max(2 MB, 10%))"))
    print("  result              %s" % ("FAIL: " + ", ".join(fails) if fails else "PASS"))
    return 1 if fails else 0


def report(d, url):
    reqs = read_requests(d)
    t0, t1, faults = read_timeline(d)
    rows, _ = analyse_faults(reqs, t0, faults)
    print_timeline(reqs, t0, t1, faults)
    print_phases(rows)
    print_recovery(faults)
    print_unexpected(reqs, t0, faults)
    print_500s(reqs, t0)
    began = time.time()
    tasks = drain_tasks(d, url, began + DRAIN)
    st = check_statements(d, drain_statements(d, began + DRAIN))
    print_work(tasks, st, time.time() - began)
    grew = print_rss(d)
    return summary(t0, t1, reqs, faults, tasks, st, grew)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(report(sys.argv[1], sys.argv[2]))
