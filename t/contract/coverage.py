#!/usr/bin/env python3
"""coverage.py [--document FILE] [--cache FILE] [--base-url URL] ROOT: which
operations of the API document the recorded exchanges under ROOT
($VAR_DIR/contract: every test file's record directory) exercised. The
first line is the verdict, "N of M operations of the API document
exercised"; then each operation never exercised, then (for information)
each exercised operation's documented statuses that no response had. Exit 1
when an operation was never exercised. A HEAD exercises the GET it stands
for; a request whatever its status exercises its operation; a 405 to a
method the path does not have counts as each operation's 405."""
import argparse
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract as c  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    c.add_document_args(parser)
    parser.add_argument("root", help="the directory of the record directories ($VAR_DIR/contract)")
    args = parser.parse_args()
    try:
        doc = c.Document(c.load_document(args.document, args.cache, args.base_url))
    except (c.DocumentError, OSError, ValueError) as e:
        print("the operations exercised could not be counted: no API document")
        print(c.shorten(e, 400))
        return 1
    seen = {}  # (METHOD, template) -> statuses answered
    statuses = {}  # the same, and the 405s of a method the path does not have
    requests = 0
    for d in c.record_dirs(args.root):
        for rec in c.read_records(d):
            kind, op, _ = c.check(doc, rec)
            if op:
                requests += 1
                seen.setdefault(op, set()).add(rec.status)
                statuses.setdefault(op, set()).add(rec.status)
            elif kind == "checked" and rec.status == "405":
                template, item = doc.find_path(rec.route)
                for m in c.METHODS if template else ():
                    statuses.setdefault((m.upper(), template), set()).add("405")
    ops = list(doc.operations())
    missing = [f"{m} {t}" for m, t, _ in ops if (m, t) not in seen]
    print(f"{len(ops) - len(missing)} of {len(ops)} operations of the API document exercised "
          f"({requests} requests)")
    for line in missing:
        print(f"never exercised: {line}")
    for m, t, op in ops:
        if (m, t) not in seen:
            continue
        unseen = sorted(s for s in c.responses_of(op) if s not in statuses[(m, t)] and s.isdigit())
        if unseen:
            print(f"statuses never seen (information): {m} {t}: {', '.join(unseen)}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
