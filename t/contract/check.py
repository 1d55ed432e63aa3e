#!/usr/bin/env python3
"""check.py [--document FILE] [--cache FILE] [--base-url URL] DIR: checks
the exchanges one test file recorded (DIR, written by t/integration/lib.sh's
http()) against the API document. The first line printed is the verdict, a
TAP description ("37 responses match the API document (12 outside it)");
each following line one mismatch, "METHOD PATH STATUS: reason; body: ...",
the same mismatch of several requests once with their count (and each
status, "201/400", when the reason does not depend on it). Every
mismatch, ungrouped, also goes to DIR/mismatches.txt. Exit 0 when every
response is described."""
import argparse
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract as c  # noqa: E402

SHOWN = 30  # mismatch lines printed; all are in DIR/mismatches.txt


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    c.add_document_args(parser)
    parser.add_argument("--fetch", action="store_true",
                        help="only fetch the document into the cache (a test file does it first, "
                        "while the stack is as ops/test started it)")
    parser.add_argument("dir", nargs="?", help="a record directory ($VAR_DIR/contract/<dir>/<file>)")
    args = parser.parse_args()
    if args.fetch or not args.dir:
        try:
            c.load_document(None, args.cache, args.base_url)
        except (c.DocumentError, OSError, ValueError) as e:
            print(c.shorten(e, 400))
            return 1
        return 0
    records = c.read_records(args.dir)
    if not records:
        print("no request recorded: nothing to check against the API document (0 responses)")
        return 0
    try:
        doc = c.Document(c.load_document(args.document, args.cache, args.base_url))
    except (c.DocumentError, OSError, ValueError) as e:
        print(f"the {len(records)} responses could not be checked against the API document")
        print(c.shorten(e, 400))
        return 1
    counts = {"checked": 0, "outside": 0, "none": 0}
    groups = {}  # (method, template or route, reason) -> [count, path, body, statuses]
    every, bad = [], 0
    for rec in records:
        kind, op, reasons = c.check(doc, rec)
        counts[kind] += 1
        bad += 1 if reasons else 0
        for reason in reasons:
            every.append(f"{rec.method} {rec.path} {rec.status}: {reason}; body: {c.excerpt(rec.body, 300)}")
            key = (rec.method, op[1] if op else rec.route, reason)
            group = groups.setdefault(key, [0, rec.path, rec.body, []])
            group[0] += 1
            group[3] += [] if rec.status in group[3] else [rec.status]
    with open(os.path.join(args.dir, "mismatches.txt"), "w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in every)
    print(verdict(counts, bad))
    for (method, _, reason), (n, path, body, statuses) in list(groups.items())[:SHOWN]:
        times = f" [{n} requests]" if n > 1 else ""
        print(f"{method} {c.shorten(path, 120)} {'/'.join(statuses)}: {reason}; body: {c.excerpt(body)}{times}")
    if len(groups) > SHOWN:
        where = "/".join(os.path.abspath(args.dir).split(os.sep)[-3:])
        print(f"... and {len(groups) - SHOWN} more: {where}/mismatches.txt (ops/test keeps it in contract.tar.gz)")
    return 1 if bad else 0


def verdict(counts, bad):
    extra = f"{counts['outside']} outside it"
    if counts["none"]:
        extra += f", {counts['none']} without a response"
    n = counts["checked"]
    if bad:
        return f"{bad} of {n} responses do not match the API document ({extra})"
    if n == 0:
        return f"no /api/ request: 0 responses checked against the API document ({extra})"
    return f"{n} responses match the API document ({extra})"


if __name__ == "__main__":
    sys.exit(main())
